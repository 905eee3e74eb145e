"""Shared fixtures: seed indexes built once per test session, copied for tests that mutate them.

``seed_index`` is built from the five-document corpus with the real embedding
model (the answer tests and the end-to-end checks use it); ``fake_seed_index``
is the same corpus embedded with the hash-based fake in about a second, for
index, retrieval, UI and CLI tests that do not judge embedding quality.
Child processes pick the fake up from ``KHCN_QA_EMBED_MODEL=hash:…``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from khcn_qa.embedding.hashing import HASH_MODEL, HashEmbedder

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"
FAKE_ENV = {"KHCN_QA_EMBED_MODEL": HASH_MODEL}


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built from ``corpus/`` with the real model into a session temp dir; do not modify it."""
    from khcn_qa import Assistant

    index_dir = tmp_path_factory.mktemp("seed") / "index"
    Assistant.open(index_dir, corpus_dir=CORPUS_DIR)
    return index_dir


@pytest.fixture(scope="session")
def fake_embedder() -> HashEmbedder:
    """The hash embedder every fake-embedded index is built with (what ``load_embedder(HASH_MODEL)`` returns)."""
    from khcn_qa.embedding import load_embedder

    embedder = load_embedder(HASH_MODEL)
    assert isinstance(embedder, HashEmbedder)
    return embedder


@pytest.fixture(scope="session")
def fake_seed_index(tmp_path_factory: pytest.TempPathFactory, fake_embedder: HashEmbedder) -> Path:
    """The seed corpus indexed with the hash embedder (about a second); do not modify it."""
    from khcn_qa import Assistant

    index_dir = tmp_path_factory.mktemp("fake-seed") / "index"
    Assistant.open(index_dir, corpus_dir=CORPUS_DIR, embedder=fake_embedder)
    return index_dir


@pytest.fixture
def fake_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Configure the hash embedder for this test (and for the processes it starts)."""
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    return dict(FAKE_ENV)


@pytest.fixture
def fresh_index_copy(seed_index: Path, tmp_path: Path) -> Path:
    """A private copy of the seed index for a test that ingests, removes or records feedback."""
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target


@pytest.fixture
def fresh_fake_index_copy(fake_seed_index: Path, tmp_path: Path) -> Path:
    """A private copy of the fake-embedded seed index."""
    target = tmp_path / "index"
    shutil.copytree(fake_seed_index, target)
    return target
