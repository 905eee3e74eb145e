"""Shared fixtures: one real index built per test session, copied for tests that mutate it.

Building an index from the five-document corpus with the real embedding model
takes about a minute, so every test file that needs one asks for
``seed_index`` (read-only) or ``fresh_index_copy`` (a private copy).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built from ``corpus/`` into a session temp dir; do not modify it."""
    from khcn_qa import Assistant

    index_dir = tmp_path_factory.mktemp("seed") / "index"
    Assistant.open(index_dir, corpus_dir=CORPUS_DIR)
    return index_dir


@pytest.fixture
def fresh_index_copy(seed_index: Path, tmp_path: Path) -> Path:
    """A private copy of the seed index for a test that ingests, removes or records feedback."""
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target
