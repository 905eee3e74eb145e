"""From a loaded file to a parsed document: segments → elements → chunks + metadata."""

from __future__ import annotations

from dataclasses import replace

from khcn_qa.errors import DocumentError
from khcn_qa.ingest.chunker import element_chunks, row_chunks, total_chunks
from khcn_qa.ingest.cleanup import Line
from khcn_qa.ingest.metadata import extract_metadata
from khcn_qa.ingest.segments import segment_blocks
from khcn_qa.ingest.structure import CLOSING, StructureWalker
from khcn_qa.records import Chunk, LoadedDocument, ParsedDocument


def parse_document(loaded: LoadedDocument) -> ParsedDocument:
    """Recover structure and metadata, and cut the document into chunks.

    One StructureWalker spans the whole document, so a table inherits the
    section open above it (e.g. ``PHỤ LỤC``) and prose after a table goes on
    in the right place.
    """
    walker = StructureWalker()
    chunks: list[Chunk] = []
    all_lines: list[Line] = []
    for segment in segment_blocks(loaded.blocks):
        if segment.kind in {"prose", "layout"}:
            lines = list(segment.text_lines())
            all_lines.extend(lines)
            elements = [e for line in lines for e in walker.feed(line)]
            elements.extend(walker.flush())
            chunks.extend(element_chunks(loaded.source, elements, len(chunks)))
        else:
            chunks.extend(
                row_chunks(loaded.source, segment.rows, segment.header, walker.section, len(chunks), segment.numbered)
            )
            chunks.extend(total_chunks(loaded.source, segment.totals, walker.section, len(chunks)))
            rows = [*segment.rows, *segment.totals]
            all_lines.extend(Line(" ".join(r.cells.values()) or " ".join(r.lines)) for r in rows)
    if not chunks:
        raise DocumentError(loaded.source, "không tìm thấy nội dung nào để lập chỉ mục")
    meta = extract_metadata(loaded.source, all_lines)
    if meta.signer:
        # The signature block answers "who signed"; the name as a field lets
        # lexical and dense search match "ký" questions to it.
        chunks = [
            replace(c, fields={**c.fields, "Người ký": meta.signer}) if c.section == (CLOSING,) else c
            for c in chunks
        ]
    return ParsedDocument(meta=meta, sha256=loaded.sha256, chunks=tuple(chunks))
