"""Retrieval on the seed corpus: accents, codes, filters, modes, the API contract."""

from __future__ import annotations

import pytest

from khcn_qa import Assistant
from khcn_qa.errors import KhcnQaError

NQ08 = "tay-ninh-ubnd-ke-hoach-thuc-hien-nq08-2023.txt"


@pytest.fixture(scope="module")
def assistant(fake_seed_index, fake_embedder) -> Assistant:
    """Retrieval mechanics on the hash-embedded seed index (fast, deterministic)."""
    return Assistant.open(fake_seed_index, embedder=fake_embedder)


@pytest.fixture(scope="module")
def real_assistant(seed_index) -> Assistant:
    return Assistant.open(seed_index)


@pytest.mark.parametrize("mode", ["bm25", "hybrid"])
def test_unaccented_query_finds_the_same_passage(assistant, mode):
    accented = assistant.search("ai chủ trì nhiệm vụ truy xuất nguồn gốc?", top_k=3, mode=mode)
    plain = assistant.search("ai chu tri nhiem vu truy xuat nguon goc", top_k=3, mode=mode)
    assert accented[0].chunk.chunk_id == plain[0].chunk.chunk_id
    assert "truy xuất nguồn gốc" in plain[0].text


@pytest.mark.parametrize("code", ["939/KH-UBND", "08-NQ/TU", "TCVN ISO 9001:2015", "11/5/2020"])
def test_document_codes_and_dates_match_whole(assistant, code):
    hits = assistant.search(code, top_k=3, mode="bm25")
    assert hits and code in hits[0].text


def test_hit_exposes_the_contract(assistant):
    hit = assistant.search("chỉ tiêu TFP năm 2030", top_k=1)[0]
    assert hit.source == NQ08 and "45%" in hit.text
    assert hit.title.startswith("Kế hoạch thực hiện Nghị quyết số 08-NQ/TU")
    assert hit.section.endswith("2.2 Mục tiêu đến năm 2030")
    assert hit.score > 0 and hit.fields == {} and hit.page is None
    assert set(hit.signals) >= {"dense", "bm25"}
    lexical = assistant.search("chỉ tiêu TFP năm 2030", top_k=1, mode="bm25")[0]
    assert "dense" not in lexical.signals  # pure BM25 does not embed the query
    row = assistant.search("Tham mưu UBND tỉnh phân bổ nguồn kinh phí thực hiện các nhiệm vụ", top_k=1, mode="bm25")[0]
    assert row.fields["Cơ quan chủ trì"] == "Sở Tài chính"


def test_filters_restrict_documents(assistant):
    hits = assistant.search("kế hoạch khoa học và công nghệ", top_k=20, filters={"province": "Quảng Trị"})
    assert hits and {h.meta.province for h in hits} == {"Quảng Trị"}
    hits = assistant.search("kế hoạch", top_k=20, filters={"year": 2022, "doc_type": "Kế hoạch"})
    assert {h.source for h in hits} == {"tay-ninh-skhcn-ke-hoach-2022.txt"}
    hits = assistant.search("nhiệm vụ", top_k=5, filters={"source": [NQ08]}, mode="dense")
    assert {h.source for h in hits} == {NQ08}
    assert assistant.search("nhiệm vụ", filters={"province": "Cà Mau"}) == []
    with pytest.raises(KhcnQaError):
        assistant.search("nhiệm vụ", filters={"color": "red"})


def test_modes_differ_and_bad_mode_is_refused(assistant):
    query = "cơ quan nào lo việc ngân sách cho các đề tài khoa học"
    ranked = {m: [h.chunk.chunk_id for h in assistant.search(query, top_k=5, mode=m)] for m in ("bm25", "dense", "hybrid")}
    assert ranked["bm25"] != ranked["dense"]
    # Fusion only reorders what the two retrievers found: every hybrid hit is in one of their lists.
    deep = {m: {h.chunk.chunk_id for h in assistant.search(query, top_k=50, mode=m)} for m in ("bm25", "dense")}
    assert ranked["hybrid"] and set(ranked["hybrid"]) <= deep["bm25"] | deep["dense"]
    with pytest.raises(KhcnQaError):
        assistant.search("x", mode="fuzzy")
    assert assistant.search("   ") == []


def test_real_model_end_to_end(real_assistant):
    """The default model (ONNX Runtime) on the real seed index: hybrid and dense both find it."""
    assert real_assistant.embedder.engine == "onnxruntime"
    for mode in ("hybrid", "dense"):
        hits = real_assistant.search("chỉ tiêu TFP năm 2030", top_k=5, mode=mode)
        assert NQ08 in {h.source for h in hits}
        assert 0.5 < hits[0].signals["dense"] <= 1.0
    plain = real_assistant.search("ai chu tri nhiem vu truy xuat nguon goc", top_k=3)
    assert "truy xuất nguồn gốc" in plain[0].text


def test_unknown_mode_lists_the_valid_ones(assistant):
    with pytest.raises(KhcnQaError, match="bm25, dense, hybrid"):
        assistant.search("x", mode="fuzzy")
