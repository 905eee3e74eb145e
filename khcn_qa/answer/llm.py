"""Optional generative wording through an OpenAI-compatible chat endpoint.

Only stdlib ``urllib`` is used, so the mode adds no dependency. The model sees
numbered passages and must cite them; each sentence it returns is checked
against the passage its marker names, and sentences that fail are dropped.
Any failure (server down, bad JSON, nothing verifiable) returns ``None`` and
the caller keeps the extractive answer.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence

from khcn_qa.answer.cite import key_values, split_claims, unsupported
from khcn_qa.answer.question import QuestionAnalysis
from khcn_qa.answer.reader import Draft, Statement
from khcn_qa.answer.scoring import TopicModel, folded_tokens, passage_text, split_sentences
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Citation, Hit
from khcn_qa.text.normalize import fold

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "local"
TIMEOUT_S = 60.0
MAX_PASSAGES = 6
PASSAGE_CHARS = 1500
MIN_WORD_OVERLAP = 0.5
_ABSTAIN_KEY = fold("Không tìm thấy thông tin")

SYSTEM_PROMPT = (
    "Bạn là trợ lý trả lời câu hỏi về các văn bản kế hoạch, báo cáo khoa học và công nghệ của tỉnh. "
    "Chỉ dùng thông tin trong các đoạn trích được đánh số. Trả lời ngắn gọn bằng tiếng Việt; "
    "cuối mỗi câu ghi số đoạn trích hỗ trợ trong ngoặc vuông, ví dụ [1]. "
    "Giữ nguyên tên cơ quan, con số, ngày tháng như trong đoạn trích. "
    "Nếu các đoạn trích không có thông tin, trả lời đúng câu: "
    "\"Không tìm thấy thông tin này trong các văn bản đã nạp.\""
)


def chat_url(llm_url: str) -> str:
    """``http://h:8000``, ``…/v1`` or a full ``…/chat/completions`` URL → the completions URL."""
    url = llm_url.rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    if url.endswith("/v1"):
        return url + "/chat/completions"
    return url + "/v1/chat/completions"


def _label(hit: Hit) -> str:
    from khcn_qa.answer.compose import doc_label

    return doc_label(hit.meta)


def build_messages(question: str, hits: Sequence[Hit]) -> list[dict[str, str]]:
    """System instruction plus the numbered passages and the question."""
    blocks = []
    for number, hit in enumerate(hits, start=1):
        where = f" — {hit.section}" if hit.section else ""
        blocks.append(f"[{number}] ({_label(hit)}{where})\n{hit.text[:PASSAGE_CHARS]}")
    user = "Các đoạn trích:\n\n" + "\n\n".join(blocks) + f"\n\nCâu hỏi: {question}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def request_completion(llm_url: str, messages: list[dict[str, str]], timeout: float = TIMEOUT_S) -> str | None:
    """POST the chat request; the reply's text, or ``None`` on any failure (logged)."""
    payload = {
        "model": os.environ.get("KHCN_QA_LLM_MODEL", DEFAULT_MODEL),
        "messages": messages,
        "temperature": 0,
    }
    request = urllib.request.Request(
        chat_url(llm_url),
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read().decode("utf-8"))
        content = body["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
        logger.warning("LLM endpoint %s failed: %s", llm_url, error)
        return None
    return content if isinstance(content, str) else None


def _shares_words(claim: str, hits: Sequence[Hit]) -> bool:
    """A claim with no names or numbers must still reuse most of its words from the passage."""
    words = {w for w in folded_tokens(claim) if w not in lexicon().stop_words and len(w) > 1}
    if not words:
        return False
    pool: set[str] = set()
    for hit in hits:
        pool |= set(folded_tokens(passage_text(hit)))
    return len(words & pool) / len(words) >= MIN_WORD_OVERLAP


def _support_span(claim: str, hit: Hit) -> tuple[int, int] | None:
    """The passage sentence sharing the most words with the claim."""
    words = set(folded_tokens(claim))
    best, best_overlap = None, 0
    for span in split_sentences(hit.text):
        overlap = len(words & set(folded_tokens(hit.text[span[0] : span[1]])))
        if overlap > best_overlap:
            best, best_overlap = span, overlap
    return best


def verify_reply(reply: str, hits: Sequence[Hit]) -> tuple[str, tuple[Citation, ...]] | None:
    """Keep only reply sentences whose markers cite passages holding their values.

    Markers are renumbered 1…k in order of appearance so the answer's
    citations stay compact; ``None`` when no sentence survives.
    """
    if _ABSTAIN_KEY in fold(reply):
        return None
    renumber: dict[int, int] = {}
    sentences: list[str] = []
    citations: list[Citation] = []
    for claim, markers in split_claims(reply):
        body = re.sub(r"^[\s.;,:]+", "", claim).strip().rstrip(" .;,")
        if not body or any(not 1 <= m <= len(hits) for m in markers):
            continue
        cited = [hits[m - 1] for m in markers]
        values = key_values(body)
        if (values and unsupported(body, cited)) or (not values and not _shares_words(body, cited)):
            logger.info("LLM sentence dropped (not supported by %s): %r", markers, body)
            continue
        for marker in markers:
            if marker not in renumber:
                renumber[marker] = len(renumber) + 1
                hit = hits[marker - 1]
                citations.append(Citation(renumber[marker], hit, _support_span(body, hit)))
        labels = "".join(f"[{renumber[m]}]" for m in markers)
        sentences.append(f"{body} {labels}.")
    if not sentences:
        return None
    return " ".join(sentences), tuple(citations)


def generate_answer(
    question: str, hits: Sequence[Hit], llm_url: str, *, timeout: float = TIMEOUT_S
) -> tuple[str, tuple[Citation, ...]] | None:
    """Ask the endpoint, then verify; ``None`` means "use the extractive answer"."""
    passages = list(hits)[:MAX_PASSAGES]
    if not passages:
        return None
    reply = request_completion(llm_url, build_messages(question, passages), timeout)
    if reply is None:
        return None
    return verify_reply(reply, passages)


class LLMReader:
    """The optional generative reader behind :class:`khcn_qa.answer.reader.Reader`.

    Its statements keep the markers the model wrote (checked above and again
    by the composer); coverage comes from the same topic model as the
    extractive reader, so the abstention threshold means the same thing.
    """

    name = "llm"

    def __init__(self, llm_url: str, *, timeout: float = TIMEOUT_S) -> None:
        self.llm_url = llm_url
        self.timeout = timeout

    def read(self, analysis: QuestionAnalysis, hits: Sequence[Hit]) -> Draft | None:
        """Ask the endpoint and turn each verified sentence into a statement."""
        passages = list(hits)[:MAX_PASSAGES]
        generated = generate_answer(analysis.question, passages, self.llm_url, timeout=self.timeout)
        if generated is None:
            return None
        text, citations = generated
        by_marker = {c.marker: c for c in citations}
        model = TopicModel.build(analysis, passages)
        statements = []
        for body, markers in split_claims(text):
            cited = [by_marker[m] for m in markers if m in by_marker]
            if not cited or not body.strip(" ."):
                continue
            coverage = model.coverage(folded_tokens(" ".join(passage_text(c.hit) for c in cited)))
            statements.append(Statement(
                text=body.strip(), hit=cited[0].hit, span=cited[0].span, value=None, strength=1.0,
                coverage=0.6 if coverage is None else coverage, quality=0.8,
                also=tuple(c.hit for c in cited[1:]),
            ))
        return Draft(tuple(statements), "llm") if statements else None
