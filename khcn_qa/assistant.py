"""The one object the CLI, the app and the eval runner talk to.

::

    a = Assistant.open("index")                 # builds from corpus/ if missing
    hits = a.search("…", top_k=10, mode="hybrid", filters={"province": "Tây Ninh"})
    ans = a.ask("ai chủ trì …?")                # -> records.Answer
    a.documents(); a.status(); a.ingest([...]); a.remove("file.txt"); a.refresh()

Filter keys: ``province``, ``doc_type``, ``year`` (int), ``source`` (file
name); a value may be one value or a list. Modes: ``bm25`` | ``dense`` |
``hybrid``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from khcn_qa import config
from khcn_qa.config import SearchMode, Settings
from khcn_qa.embedding.lazy import LazyEmbedder
from khcn_qa.embedding.protocol import Embedder
from khcn_qa.errors import IndexError_
from khcn_qa.index import builder, layout
from khcn_qa.index.builder import IngestReport
from khcn_qa.index.store import StoredDocument
from khcn_qa.ingest.structure import CLOSING
from khcn_qa.records import Answer, Chunk, DocumentMeta, Hit
from khcn_qa.retrieve.lists import continue_lists
from khcn_qa.retrieve.search import FusionConfig, Searcher, open_searcher
from khcn_qa.text.normalize import fold

if TYPE_CHECKING:
    from khcn_qa.answer.calibration import Calibration
    from khcn_qa.feedback import FeedbackStore

log = logging.getLogger(__name__)
ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage_message, done, total)`` during long operations."""

__all__ = ["Assistant", "DocumentInfo", "IndexStatus", "IngestReport"]


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as the documents page lists it."""

    meta: DocumentMeta
    sha256: str
    chunks: int
    ingested_at: str
    origin: str | None = None
    """Absolute path the document was read from (None in indexes built before it was kept)."""


def _document_infos(documents: Sequence[StoredDocument], origins: Mapping[str, str]) -> list[DocumentInfo]:
    return [DocumentInfo(d.meta, d.sha256, d.n_chunks, d.ingested_at, origins.get(d.meta.source)) for d in documents]


def indexed_documents(index_dir: Path) -> tuple[list[DocumentInfo], str | None]:
    """The live generation's documents and its damage warning, without opening BM25, FAISS or a model.

    ``khcn-qa list`` needs only the document table: opening the whole
    generation loads bm25s and the vectors, most of its start-up time.
    """
    from khcn_qa.index.manifest import Manifest
    from khcn_qa.index.opening import open_generation
    from khcn_qa.index.store import read_store

    opened = open_generation(index_dir, lambda g: (Manifest.read(g.manifest), read_store(g.chunks_db)[0]))
    if opened is None:
        return [], None
    manifest, documents = opened.value
    return _document_infos(documents, manifest.origins), opened.warning


@dataclass(frozen=True)
class IndexStatus:
    """What the sidebar shows about the open index."""

    documents: int
    chunks: int
    model: str
    updated_at: str
    generation: str
    index_dir: str
    warning: str | None = None
    """Set when the live generation was damaged and an earlier one is being used."""


_DOCUMENT_PARTS: dict[str, Callable[[Chunk], bool]] = {
    "signer": lambda chunk: chunk.section == (CLOSING,),
    "doc_info": lambda chunk: chunk.ordinal == 0,
}


_LISTED_ANSWERS = frozenset({"open", "name", "product", "org", "doc_ref", "place"})
"""Answers a list may be: "gồm những gì", "những đơn vị nào". A count or a date stays in the
sentence that announces the list ("Đã ban hành 04 Kế hoạch …, cụ thể:"), not in its items."""


_GROUNDS_ASKED_RE = re.compile(
    r"\bcan cu\b(?:\s+[\w&]+){0,6}?\s+(?:ban hanh|xay dung|lap|ra)\s+(?:cua\s+)?(?:ban\s+)?(?:ke hoach|bao cao|quyet dinh|van ban)\b"
    r"|\b(?:ke hoach|bao cao|quyet dinh|van ban)\b.{0,60}\b(?:duoc\s+)?(?:ban hanh|xay dung)\s+(?:dua\s+)?(?:tren\s+)?(?:nhung\s+|cac\s+)?can cu\b"
)
"""A question about the grounds a document was issued on, which its preamble lists ("Căn cứ Nghị quyết …")."""


def _states_grounds(chunk: Chunk) -> bool:
    """A preamble passage: outside every section, opening with "Căn cứ"."""
    return not chunk.section and fold(chunk.text).lstrip(" -+").startswith("can cu ")


def _section_asked(question: str) -> str:
    """The standard part of a plan an open question names ("mục đích", "tổ chức thực hiện"), folded; "" if none.

    A closing part ("nơi nhận") is named by questions of any type ("Nơi nhận gồm những ai?").
    """
    from khcn_qa.answer.question import analyze_question
    from khcn_qa.lexicon import lexicon

    analysis = analyze_question(question)
    def named(nouns: Sequence[str]) -> str:
        return next((n for n in nouns if re.search(rf"\b{re.escape(n)}\b", analysis.folded)), "")

    if analysis.recipients and lexicon().closing_parts:
        return named(lexicon().closing_parts) or lexicon().closing_parts[0]  # "Báo cáo tháng 1 gửi đi đâu?": its "Nơi nhận"
    return named(lexicon().section_nouns) if analysis.answer_type in ("open", "reason") else ""


def _names_the_part(folded_question: str, section: str) -> bool:
    """True when the question names a document's part itself ("mục đích của kế hoạch", "phần tổ chức
    thực hiện"), not a purpose or a requirement of one of its tasks.
    """
    kinds = r"(?:ke hoach|bao cao|van ban|quyet dinh)"
    return re.search(rf"\b(?:phan|muc)\s+{re.escape(section)}\b|\b{re.escape(section)}\s+(?:cua\s+)?(?:ban\s+)?{kinds}\b", folded_question) is not None


def _names_another_document(question: str, documents: Sequence[StoredDocument]) -> bool:
    """True for "Kết luận 497-KL/TU ban hành ngày nào?": a cited document, not an indexed one's heading."""
    from khcn_qa.answer.question import analyze_question

    own = {(d.meta.number or "").replace(" ", "").lower() for d in documents}
    return any(code not in own for code in analyze_question(question).codes)


class Assistant:
    """Search and answer over one index folder; reloads when another process publishes."""

    def __init__(self, index_dir: Path, embedder: Embedder, settings: Settings | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.settings = settings or config.settings().with_index(index_dir)
        self._fusion = FusionConfig.from_settings(self.settings)
        self._lock = threading.RLock()
        self._searcher: Searcher | None = open_searcher(self.index_dir, embedder, self._fusion)
        self._calibration: Calibration | None = None

    @classmethod
    def open(
        cls,
        index_dir: str | Path | None = None,
        *,
        corpus_dir: str | Path | None = None,
        embedder: Embedder | None = None,
        progress: ProgressCallback | None = None,
        settings: Settings | None = None,
    ) -> Assistant:
        """Open an index; build it from ``corpus_dir`` (default ``corpus/``) when missing.

        Without ``embedder`` the configured model is loaded only when
        something is embedded (a dense or hybrid query, an ingest), so
        listing, removing and BM25 search start in well under a second.
        """
        settings = settings or config.settings()
        index_path = Path(index_dir) if index_dir is not None else settings.index_dir
        settings = settings.with_index(index_path)
        model = embedder or LazyEmbedder(settings.embed_model, settings.embed_engine)
        if layout.current_name(index_path) is None:
            corpus = Path(corpus_dir) if corpus_dir is not None else settings.corpus_dir
            if not corpus.is_dir():
                raise IndexError_(
                    f"Chưa có chỉ mục ở {index_path} và không thấy thư mục văn bản {corpus}; "
                    "chạy `khcn-qa ingest <thư mục văn bản>`."
                )
            log.info("Chưa có chỉ mục, đang tạo từ %s", corpus)
            builder.ingest(index_path, [corpus], model, progress=progress)
        return cls(index_path, model, settings)

    @property
    def searcher(self) -> Searcher:
        """The open generation (raises when the index is empty)."""
        if self._searcher is None:
            raise IndexError_(f"Chỉ mục {self.index_dir} chưa có văn bản nào; chạy `khcn-qa ingest`.")
        return self._searcher

    def refresh(self) -> bool:
        """Reload when another process published a newer generation; True if it did."""
        name = layout.current_name(self.index_dir)
        current = self._searcher.pointer if self._searcher else None
        if name == current:
            return False
        with self._lock:
            self._searcher = open_searcher(self.index_dir, self.embedder, self._fusion)
            self._calibration = None
        return True

    def search(
        self,
        query: str,
        top_k: int = 10,
        mode: str | SearchMode = "hybrid",
        filters: Mapping[str, object] | None = None,
    ) -> list[Hit]:
        """Return the best passages for ``query`` ("giai đoạn 22-25" read as the plans write it, 2022-2025)."""
        from khcn_qa.text.normalize import spelled_out_years

        if self._searcher is None:
            return []
        return self.searcher.search(spelled_out_years(query), top_k=top_k, mode=mode, filters=filters)

    def ask(
        self,
        question: str,
        top_k: int = 8,
        mode: str = "hybrid",
        filters: Mapping[str, object] | None = None,
        *,
        abstain_below: float | None = None,
    ) -> Answer:
        """Answer ``question`` from the documents, with citations, or abstain.

        ``abstain_below`` overrides the calibrated threshold (the eval's
        calibration run passes 0 to see every answer the reader would give).
        """
        from khcn_qa.answer import compose_answer, yes_no
        from khcn_qa.answer.candidates import heading_number_asked
        from khcn_qa.answer.chatter import without_chatter
        from khcn_qa.answer.patterns import spelled_by_initials
        from khcn_qa.answer.question import analyze_question, classify_intent
        from khcn_qa.answer.reader import heads_the_work
        from khcn_qa.text.normalize import spelled_out_years

        question = spelled_out_years(without_chatter(question))  # "giai đoạn 22-25" is how staff type "2022-2025"
        hits = self.search(question, top_k=top_k, mode=mode, filters=filters)
        intent = classify_intent(question)
        if intent == "yes_no" and yes_no.underlying_type(analyze_question(question)) == "signer":
            intent = "signer"  # "… do Giám đốc Sở ký phải không?" is checked against the signature block
        analysis = analyze_question(question)
        sent_claim = (intent == "yes_no" and not analysis.codes and bool(yes_no.claimed_recipient(analysis))
                      and yes_no.underlying_type(analysis) == "org")
        part = _DOCUMENT_PARTS["signer"] if analysis.archive or sent_claim else _DOCUMENT_PARTS.get(intent)
        # ("… lưu ở đâu?" reads the "Lưu:" line, which closes the signature block; "… có gửi UBND
        # tỉnh không?" its "Nơi nhận" list.)
        if part is not None and hits and not _names_another_document(question, self.searcher.documents):
            hits = self._with_document_parts(part, hits, question)
        elif hits and (numbered := heading_number_asked(fold(question))) is not None:
            # "Mục 6 của phần kết quả là gì?": a passage under that heading, whatever its words.
            hits = self._with_document_parts(
                lambda chunk: any(numbered.match(" ".join(fold(h).split())) for h in chunk.section), hits, question
            )
        elif hits and (numbered_part := analyze_question(question).numbered) is not None:
            # "Mục II.11 đề ra những giải pháp gì?", "nhiệm vụ số 14 …": the part its number names.
            moved = self._with_document_parts(numbered_part.holds, hits, question)
            hits = [h for h in moved if numbered_part.holds(h.chunk)] or moved  # the part named, nothing beside it
        elif hits and _GROUNDS_ASKED_RE.search(fold(question)):
            # "Căn cứ ban hành kế hoạch 2022 gồm những văn bản gì?": the preamble's "Căn cứ …" lines.
            hits = self._with_document_parts(_states_grounds, hits, question, every=True)
        elif (section := _section_asked(question)) and hits:
            # "Kế hoạch … nhằm mục đích gì?": the plan's "Mục đích" part, which shares few words with it.
            def under(chunk: Chunk, section: str = section) -> bool:
                return any(section in fold(h) for h in chunk.section)

            moved = self._with_document_parts(under, hits, question)
            # "Mục đích của Kế hoạch …", "Phần tổ chức thực hiện …": that part alone, not a passage
            # that says "đúng mục đích"; "Mục đích của việc X" is X's own purpose, found by its words.
            own_part = _names_the_part(fold(question), section) and not _names_another_document(question, self.searcher.documents)
            hits = ([h for h in moved if under(h.chunk)] or moved) if own_part else moved
        elif hits and (acronym := analyze_question(question).defines):
            # "PCI là gì?": the passage that spells it out ("… cấp tỉnh (PCI)") may share no other word.
            defined = re.compile(rf"\(\s*{re.escape(acronym)}\s*\)")
            found = self._with_document_parts(lambda chunk: defined.search(chunk.text) is not None, hits, question)
            if len(found) == len(hits) and not any(defined.search(h.text) for h in hits):
                # Never defined: "CTHĐ" is spelled out only as words elsewhere ("Chương trình hành động").
                found = self._with_document_parts(lambda chunk: bool(spelled_by_initials(chunk.text, acronym)), hits, question)
            hits = found
        elif hits and (analysis := analyze_question(question)).duty:
            # "Sở Tài chính có nhiệm vụ gì?": the part headed by that unit, whatever else the question names.
            hits = self._with_document_parts(lambda chunk: heads_the_work(chunk, analysis), hits, question)
        if hits and analyze_question(question).answer_type in _LISTED_ANSWERS:
            hits = continue_lists(hits, self.searcher.chunks_of)
        return compose_answer(
            question, hits, llm_url=config.llm_url(), abstain_below=self.calibration.abstain_below if abstain_below is None else abstain_below,
            chunks_of=self._searcher.chunks_of if self._searcher is not None else None,
            mentions=self._mentions,
        )

    def _mentions(self, phrase: str) -> bool:
        """Whether any indexed passage or signature names ``phrase`` (a person's name)."""
        wanted = " ".join(fold(phrase).split())
        if self._searcher is None:
            return False
        if any(wanted in fold(d.meta.signer or "") for d in self.searcher.documents):
            return True
        return any(wanted in " ".join(fold(h.text).split()) for h in self.search(phrase, top_k=10, mode="bm25"))

    @property
    def calibration(self) -> Calibration:
        """The abstention threshold in force (index folder's file, else the packaged one)."""
        if self._calibration is None:
            from khcn_qa.answer.calibration import load_calibration

            self._calibration = load_calibration(self.index_dir, getattr(self.embedder, "model_id", None))
        return self._calibration

    def _with_document_parts(
        self, wanted: Callable[[Chunk], bool], hits: list[Hit], question: str, *, every: bool = False
    ) -> list[Hit]:
        """Put the matching part (signature block, heading) of each top document first.

        "Who signed" and "which number/date" are answered by one part of a
        document, which rarely shares words with the question; the documents
        the question is about are the ones retrieval ranked highest among
        those in its scope ("kế hoạch năm 2022" is not the 2024 plan, however
        high that ranks). Each added part carries the retrieval evidence of
        its document's best hit.
        """
        from khcn_qa.answer.question import analyze_question
        from khcn_qa.answer.scope import mismatch

        analysis = analyze_question(question)
        best: dict[str, Hit] = {}
        for hit in hits:
            if hit.source not in best and mismatch(analysis, hit) is None:
                best[hit.source] = hit
        if not best and hits:
            # No retrieved passage is in scope ("Can cu ban hanh ke hoach 2022 …" typed without accents
            # finds another document's words): the document the scope names, found by its own parts.
            for document in self.searcher.documents:
                chunks = self.searcher.chunks_of(document.meta.source)
                part = next((c for c in chunks if wanted(c)), None)
                stand_in = Hit(part, document.meta, hits[0].score, hits[0].rank, hits[0].signals) if part else None
                if stand_in is not None and mismatch(analysis, stand_in) is None:
                    best[document.meta.source] = stand_in
        extra: list[Hit] = []
        present = {h.chunk.chunk_id: h for h in hits}
        moved: set[str] = set()
        for hit in list(best.values())[:3] or hits[:3]:
            parts = [c for c in self.searcher.chunks_of(hit.source) if wanted(c)]
            for part in parts if every else parts[:1]:
                if part.chunk_id in moved:
                    continue
                moved.add(part.chunk_id)
                # A part retrieved low (rank 10) moves up: the reader may not read that far.
                extra.append(present.get(part.chunk_id) or Hit(part, hit.meta, hit.score, hit.rank, hit.signals))
        return extra + [h for h in hits if h.chunk.chunk_id not in moved]

    def section_context(self, chunk_id: str) -> list[Chunk]:
        """The chunks of the section a chunk belongs to, for "show in context"."""
        source, _, ordinal = chunk_id.rpartition("#")
        for chunk in self.searcher.chunks_of(source):
            if str(chunk.ordinal) == ordinal:
                return self.searcher.section_context(chunk)
        return []

    def documents(self) -> list[DocumentInfo]:
        """List indexed documents."""
        if self._searcher is None:
            return []
        return _document_infos(self._searcher.documents, self._searcher.manifest.origins)

    def status(self) -> IndexStatus:
        """Summarise the open index."""
        searcher = self._searcher
        return IndexStatus(
            documents=len(searcher.documents) if searcher else 0,
            chunks=len(searcher.chunks) if searcher else 0,
            model=self.embedder.model_id,
            updated_at=searcher.manifest.created_at if searcher else "",
            generation=searcher.generation.name if searcher else "",
            index_dir=str(self.index_dir),
            warning=searcher.warning if searcher else None,
        )

    def ingest(
        self,
        paths: Sequence[Path],
        progress: ProgressCallback | None = None,
        *,
        rebuild: bool = False,
        notify: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Add new, replace changed, skip unchanged files; atomically; then reload."""
        report = builder.ingest(
            self.index_dir, list(paths), self.embedder, rebuild=rebuild, progress=progress, notify=notify
        )
        self.refresh()
        return report

    def remove(self, source: str) -> bool:
        """Remove one document by its name for good (see ``removal_effect``); False when not indexed."""
        report = builder.remove(self.index_dir, [source])
        self.refresh()
        return bool(report.removed)

    def removal_effect(self, source: str) -> str:
        """What ``remove(source)`` will do, in the words the confirmation shows."""
        from khcn_qa.index.documents import removal_effect

        origin = next((d.origin for d in self.documents() if d.meta.source == source), None)
        return removal_effect(self.index_dir, source, origin)

    @property
    def documents_dir(self) -> Path:
        """Where uploads are kept: the index's own documents folder (survives rebuilds)."""
        from khcn_qa.index.documents import documents_dir

        return documents_dir(self.index_dir)

    def dense_ready(self, wait_s: float = 0.0) -> bool:
        """True when a dense or hybrid query will not wait for the model (waits up to ``wait_s``)."""
        embedder = self.embedder
        return not isinstance(embedder, LazyEmbedder) or embedder.wait(wait_s)

    def prefetch_model(self, delay_s: float = 0.0) -> None:
        """Start loading the embedding model in the background, after ``delay_s`` (BM25 answers meanwhile)."""
        if isinstance(self.embedder, LazyEmbedder):
            self.embedder.prefetch(delay_s)

    @property
    def feedback_store(self) -> FeedbackStore:
        """Staff feedback, kept in the index folder across generations."""
        from khcn_qa.feedback import FeedbackStore

        return FeedbackStore(self.index_dir / layout.FEEDBACK_DB)

    def record_feedback(self, question: str, answer: Answer, rating: int, comment: str | None = None) -> int:
        """Store 👍 (+1) / 👎 (-1) with the question, answer and citations."""
        return self.feedback_store.add(question, answer, rating, comment)
