"""The manifest: what an index was built with, so a mismatch is refused, not misread."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from importlib import metadata
from pathlib import Path

from khcn_qa.errors import IndexDamaged, IndexError_
from khcn_qa.text.normalize import NORMALIZATION_VERSION

FORMAT_VERSION = 1
PARSER_VERSION = "3"
_PACKAGES = (
    "khcn-qa", "sentence-transformers", "onnxruntime", "faiss-cpu", "bm25s", "pyvi", "torch", "transformers",
)  # fmt: skip


def package_versions() -> dict[str, str]:
    """Versions of the libraries whose behaviour the index depends on."""
    versions: dict[str, str] = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


@dataclass(frozen=True)
class Manifest:
    """Contents of manifest.json."""

    model_id: str
    model_fingerprint: str
    dim: int
    documents: dict[str, str]
    chunks: int
    created_at: str
    dense_kind: str
    origins: dict[str, str] = field(default_factory=dict)
    """Document identity → absolute path it was read from (same-named files stay apart)."""
    removed: dict[str, str] = field(default_factory=dict)
    """Absolute path → identity of documents staff removed; folder ingests skip them."""
    files: dict[str, str] = field(default_factory=dict)
    """Relative file path → SHA-256 of every other file of the generation."""
    engine: str = "torch"
    precision: str = "fp32"
    format_version: int = FORMAT_VERSION
    normalization_version: str = NORMALIZATION_VERSION
    parser_version: str = PARSER_VERSION
    packages: dict[str, str] = field(default_factory=package_versions)

    def write(self, path: Path) -> None:
        """Write as indented JSON."""
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read, refusing files from another format version and unreadable ones."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise IndexDamaged(f"không đọc được {path.name} ({type(error).__name__})") from error
        if not isinstance(data, dict):
            raise IndexDamaged(f"{path.name} không phải một bảng JSON")
        if data.get("format_version") != FORMAT_VERSION:
            raise IndexError_(
                f"Chỉ mục ở định dạng {data.get('format_version')}, phiên bản này cần {FORMAT_VERSION}; "
                "chạy `khcn-qa ingest corpus --rebuild`."
            )
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError as error:
            raise IndexDamaged(f"{path.name} thiếu trường ({error})") from error

    def check_model(self, model_id: str, index_dir: Path) -> None:
        """Refuse another model name or older text rules: cheap, needs no loaded model."""
        if self.model_id != model_id:
            raise IndexError_(
                f"Chỉ mục được tạo bằng mô hình {self.model_id}, cấu hình hiện tại là {model_id}; "
                f"{_rebuild(index_dir)}"
            )
        if self.normalization_version != NORMALIZATION_VERSION or self.parser_version != PARSER_VERSION:
            raise IndexError_(f"Chỉ mục được tạo bằng phiên bản xử lý văn bản cũ; {_rebuild(index_dir)}")

    def check_vectors(self, fingerprint: str | None, precision: str, index_dir: Path) -> None:
        """Refuse other weights or other numerics: their vectors live in another space.

        The engine itself may differ (ONNX Runtime and PyTorch at fp32 agree to
        cosine ≥ 0.9999, checked at export); a quantised engine would not.
        """
        if fingerprint and self.model_fingerprint != fingerprint:
            raise IndexError_(
                f"Chỉ mục được tạo bằng trọng số khác của mô hình {self.model_id}; {_rebuild(index_dir)}"
            )
        if self.precision != precision:
            raise IndexError_(
                f"Chỉ mục được nhúng ở độ chính xác {self.precision} ({self.engine}), bộ máy hiện tại "
                f"dùng {precision}; {_rebuild(index_dir)}"
            )

    def check_compatible(
        self, model_id: str, fingerprint: str | None, index_dir: Path, precision: str = "fp32"
    ) -> None:
        """Refuse an index built with another model, weights, numerics or text rules."""
        self.check_model(model_id, index_dir)
        self.check_vectors(fingerprint, precision, index_dir)


def _rebuild(index_dir: Path) -> str:
    return f"chạy `khcn-qa ingest corpus --index {index_dir} --rebuild` để tạo lại."
