"""The default model on ONNX Runtime: no torch on the query path.

The exported graph (see :mod:`khcn_qa.embedding.onnx_export`) takes token
embeddings rather than token ids: the 250k-row word table (384 MB) stays a
memory-mapped ``.npy`` that is gathered in numpy, so a process opens the
model in well under a second instead of parsing 470 MB of protobuf. The
graph adds positions, runs the encoder, mean-pools and L2-normalises, exactly
as sentence-transformers does (checked at export, cosine ≥ 0.9999).

Queries and passages run on different sessions, because what is fast for
one is slow for the other on a small machine (figures from this 2-core
machine, p50 over eval questions and the seed corpus's 240 passages):

- A query runs on one session over all cores (at most 8) whose workers
  spin while a run is under way and stop once it returns: 13.3-13.8 ms per
  query against 17.2-17.5 ms with spinning off, and no core is burnt
  between questions. Beside one busy process spinning costs more than it
  gains (26 vs 19 ms), which an idle office machine rarely sees.
- Passages run on one single-thread session per core, each thread with its
  own, four passages a batch: 32-39 passages/s against 21-25 for one
  two-thread session at 32 a batch. Small matrices split across threads
  spend their time waiting for each other; separate batches do not.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from khcn_qa.embedding.profiles import Profile
from khcn_qa.embedding.protocol import FP32, PassageProgress, embed_longest_first
from khcn_qa.embedding.unigram import UnigramEncoder
from khcn_qa.text.normalize import normalize_text

ENCODER_FILE = "encoder.onnx"
WORDS_FILE = "word_embeddings.npy"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 512
PAD_ID = 1
PASSAGE_BATCH = 4
TABLES_UP_TO = 800
_MAX_THREADS = 8


def available_cores() -> int:
    """Cores this process may run on (``OMP_NUM_THREADS`` wins), capped at 8."""
    pinned = os.environ.get("OMP_NUM_THREADS", "").strip()
    if pinned.isdigit() and int(pinned) > 0:
        return int(pinned)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_THREADS))


def open_tokenizer(model_dir: Path) -> Any:
    """The fast tokenizer exactly as sentence-transformers uses it (literal ``<s>`` is text)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
    tokenizer.encode_special_tokens = True
    tokenizer.no_truncation()  # truncated in _truncate, so count_tokens sees the full length
    tokenizer.no_padding()
    return tokenizer


def open_session(model_dir: Path, threads: int, spin: bool = False) -> Any:
    """An ONNX Runtime CPU session over the encoder graph with ``threads`` intra-op threads.

    ``spin`` lets the workers spin during a run (they stop when it returns);
    without it they sleep between the graph's steps.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    if threads > 1:
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        options.add_session_config_entry("session.force_spinning_stop", "1")
    return ort.InferenceSession(str(model_dir / ENCODER_FILE), options, providers=["CPUExecutionProvider"])


class OnnxEmbedder:
    """:class:`~khcn_qa.embedding.protocol.Embedder` over an exported encoder folder."""

    engine = "onnxruntime"
    precision = FP32

    def __init__(self, model_dir: Path, model_id: str, fingerprint: str, profile: Profile) -> None:
        self.model_dir = model_dir
        self.model_id = model_id
        self.fingerprint = fingerprint
        self._profile = profile
        self.profile = profile.name
        self.max_tokens = MAX_TOKENS
        self._words = np.load(model_dir / WORDS_FILE, mmap_mode="r", allow_pickle=False)
        self.dim = int(self._words.shape[1])
        self._tokenizer_lock = threading.Lock()
        self._tokenizer: Any = None
        # The flat tables open in 0.1 s; tokenizers' own file (0.9 s) waits for text they cannot read.
        self._unigram = UnigramEncoder.open(model_dir)
        loaded: dict[str, Any] = {}
        loader = None
        if self._unigram is None:
            # Parsing tokenizer.json takes as long as opening the session: overlap them.
            loader = threading.Thread(target=lambda: loaded.update(tok=open_tokenizer(model_dir)))
            loader.start()
        self._cores = available_cores()
        self._session = open_session(model_dir, threads=self._cores, spin=True)
        self._passage_sessions: queue.SimpleQueue[Any] | None = None
        self._passage_lock = threading.Lock()
        if loader is not None:
            loader.join()
            self._tokenizer = loaded["tok"] if "tok" in loaded else open_tokenizer(model_dir)  # failed: raise here

    def __repr__(self) -> str:
        return f"OnnxEmbedder({self.model_id!r}, profile={self.profile!r}, dim={self.dim})"

    def _full_tokenizer(self) -> Any:
        """``tokenizers``' tokenizer, opened on first need (text in a script the tables do not read)."""
        with self._tokenizer_lock:
            if self._tokenizer is None:
                self._tokenizer = open_tokenizer(self.model_dir)
            return self._tokenizer

    def _prepared(self, texts: Sequence[str], prompt: str) -> list[str]:
        return [prompt + self._profile.prepare(normalize_text(t)) for t in texts]

    def _encode(self, prepared: Sequence[str], tables: bool = True) -> list[list[int]]:
        """Ids of each prepared text: the flat tables where they read it (and ``tables``), ``tokenizers`` else."""
        fast = self._unigram if tables else None
        ids: list[list[int] | None] = [fast.encode(t) if fast and fast.covers(t) else None for t in prepared]
        rest = [i for i, row in enumerate(ids) if row is None]
        if rest:
            encoded = self._full_tokenizer().encode_batch([prepared[i] for i in rest])
            for i, encoding in zip(rest, encoded, strict=True):
                ids[i] = encoding.ids
        return [row for row in ids if row is not None]

    def _token_ids(self, texts: Sequence[str], prompt: str) -> list[list[int]]:
        return self._encode(self._prepared(texts, prompt))

    @staticmethod
    def _truncate(rows: list[list[int]]) -> list[list[int]]:
        """Keep ``<s>``, the first 510 pieces and ``</s>``, as sentence-transformers truncates."""
        return [row if len(row) <= MAX_TOKENS else [*row[: MAX_TOKENS - 1], row[-1]] for row in rows]

    def _run(self, session: Any, rows: Sequence[list[int]]) -> np.ndarray:
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), PAD_ID, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feeds = {"inputs_embeds": np.asarray(self._words[ids], dtype=np.float32), "attention_mask": mask}
        return np.asarray(session.run(None, feeds)[0], dtype=np.float32)

    def _passage_pool(self) -> queue.SimpleQueue[Any]:
        """One single-thread session per core, opened on the first bulk embedding and kept.

        They open side by side (0.23 s for two against 0.45 s one after the other): an
        ingest of a few hundred passages takes five seconds, so this is a few percent of it.
        """
        with self._passage_lock:
            if self._passage_sessions is None:
                from concurrent.futures import ThreadPoolExecutor

                pool: queue.SimpleQueue[Any] = queue.SimpleQueue()
                with ThreadPoolExecutor(max_workers=self._cores, thread_name_prefix="open-session") as opener:
                    for session in opener.map(lambda _: open_session(self.model_dir, threads=1), range(self._cores)):
                        pool.put(session)
                self._passage_sessions = pool
            return self._passage_sessions

    def prepare_passages(self) -> None:
        """Open the per-core sessions now: an ingest does it while it parses (0.2 s saved)."""
        if self._cores > 1:
            self._passage_pool()

    def _embed(
        self,
        rows: list[list[int]],
        run: Callable[[Sequence[list[int]]], np.ndarray],
        batch_size: int,
        progress: PassageProgress | None = None,
        workers: int = 1,
    ) -> np.ndarray:
        return embed_longest_first(
            len(rows), lambda i: len(rows[i]), lambda index: run([rows[i] for i in index]),
            self.dim, batch_size, progress, workers,
        )  # fmt: skip

    def _run_here(self, rows: Sequence[list[int]]) -> np.ndarray:
        return self._run(self._session, rows)

    def _run_pooled(self, rows: Sequence[list[int]]) -> np.ndarray:
        pool = self._passage_pool()
        session = pool.get()
        try:
            return self._run(session, rows)
        finally:
            pool.put(session)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries: float32 ``(n, dim)``, rows L2-normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._truncate(self._token_ids(texts, self._profile.query_prompt))
        return self._embed(rows, self._run_here, 32)

    def embed_passages(
        self, texts: Sequence[str], batch_size: int | None = None, progress: PassageProgress | None = None
    ) -> np.ndarray:
        """Embed indexed passages: float32 ``(n, dim)``, rows L2-normalised, in input order.

        A few passages run like queries; more run in batches on every core at once.
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prepared = self._prepared(texts, self._profile.passage_prompt)
        batch_size = batch_size or PASSAGE_BATCH
        if self._cores == 1 or len(prepared) <= batch_size:
            return self._embed(self._truncate(self._encode(prepared)), self._run_here, batch_size, progress)
        # Python's tables tokenise ~1 ms a passage; past a few hundred, opening tokenizers (1 s) pays.
        tables = self._tokenizer is None and len(prepared) <= TABLES_UP_TO

        def run(index: list[int]) -> np.ndarray:
            # Tokenised in the worker: one thread's Python runs while the other's session computes.
            return self._run_pooled(self._truncate(self._encode([prepared[i] for i in index], tables)))

        return embed_longest_first(
            len(prepared), lambda i: len(prepared[i]), run, self.dim, batch_size, progress, self._cores
        )

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for ``text`` as a passage (prompt and special tokens included)."""
        return len(self._token_ids([text], self._profile.passage_prompt)[0])
