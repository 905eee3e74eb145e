"""Typed answer candidates offered by one retrieved passage and its context.

A passage offers values of each type in several places: a table cell under
the right column, the unit heading above it ("4. Chi cục …" does the
bullets below), the section heading it sits under, the document's own
metadata, and its sentences. Each candidate remembers how directly it
answers (``quality``) and how close it sits to the question's topic
(``closeness``: the score of the sentence it was found in), so the reader
can rank candidates across passages.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from khcn_qa.answer import patterns as pat
from khcn_qa.answer import slots
from khcn_qa.answer.cite import find_span, supports
from khcn_qa.answer.parts import heading_number
from khcn_qa.answer.question import (
    MEMBERSHIP_VERBS,
    PLACEMENT_RE,
    POST_ABBREVIATIONS,
    QuestionAnalysis,
    post_named,
)
from khcn_qa.answer.scoring import TopicModel, best_sentences, split_sentences
from khcn_qa.lexicon import lexicon, nouns_of_kind
from khcn_qa.records import Hit
from khcn_qa.text.normalize import fold, has_diacritics, normalize_text

HEADING_CLOSENESS = 0.75
"""A heading or cell applies to the whole passage: it is as close as a good sentence."""


FinderFn = Callable[[str], Iterable[pat.Match]]
"""Maps a plain sentence to the typed values it holds."""


@dataclass(frozen=True)
class Candidate:
    """One value a passage offers for the question's answer type."""

    value: str
    origin: str
    """``field`` (table cell), ``unit``, ``heading``, ``meta``, ``text`` (a sentence), ``sentence``,
    or ``kind`` (a unit of the kind the question names, in whatever role the sentence gives it)."""
    quality: float
    closeness: float
    span: tuple[int, int] | None
    """Supporting span in ``hit.text`` (the sentence or cell), for the citation."""
    sentence: str = ""
    """The plain sentence the value came from, quoted as support."""


@dataclass(frozen=True)
class Passage:
    """A hit prepared once for every extractor: its sentences scored against the question."""

    hit: Hit
    analysis: QuestionAnalysis
    sentences: tuple[tuple[tuple[int, int], float], ...]
    """(span, score) best first."""
    weights: dict[str, float]
    """Topic word → weight (rarer among the retrieved passages weighs more)."""
    _prepared: dict[tuple[int, int], tuple[str, list[tuple[int, str]], list[tuple[int, float]], list[tuple[int, float]]]] = (
        dataclasses.field(default_factory=dict, compare=False, repr=False)
    )
    """Per sentence: its text, word positions, topic anchors and clause scores (every finder reuses them)."""

    @classmethod
    def build(cls, hit: Hit, analysis: QuestionAnalysis, model: TopicModel) -> Passage:
        """Score every sentence of the passage against the question's topic."""
        return cls(hit, analysis, tuple(best_sentences(model, analysis, hit, limit=None)), model.weights)

    @property
    def best_span(self) -> tuple[int, int] | None:
        """The sentence that best matches the question."""
        return self.sentences[0][0] if self.sentences else None

    def sentence_text(self, span: tuple[int, int]) -> str:
        """A sentence in the readers' plain form."""
        return pat.plain(self.hit.text[span[0] : span[1]])

    def whole(self, value: str, origin: str, quality: float, closeness: float = HEADING_CLOSENESS) -> Candidate | None:
        """A candidate that applies to the whole passage (a cell, a heading); None if unsupported."""
        if not value or not supports(self.hit, value):
            return None
        quality *= _repeat_penalty(value, self.analysis)
        span = find_span(self.hit.text, value) or self.best_span
        sentence = self.sentence_text(self.best_span) if self.best_span else ""
        return Candidate(value, origin, quality, closeness, span, sentence)

    def from_sentences(self, finder: FinderFn, limit: int = 3) -> Iterator[Candidate]:
        """Candidates a finder yields in the best ``limit`` sentences, closest first.

        Within a sentence, a value next to the question's topic words beats
        one further away ("… TFP đạt 45% …, chi 2% ngân sách …").
        """
        weights = self.weights
        for span, score in self.sentences[:limit]:
            prepared = self._prepared.get(span)
            if prepared is None:
                sentence = self.sentence_text(span)
                words = [(m.start(), m.group(0)) for m in _WORD_RE.finditer(fold(sentence))]
                anchors = [(i, weights[w]) for i, (_, w) in enumerate(words) if w in weights]
                # A question bigram kept together ("cả năm") anchors more than its words apart.
                pairs = set(self.analysis.topic_bigrams)
                anchors += [(i + 1, weights[a] + weights[b]) for i, ((_, a), (_, b)) in enumerate(zip(words, words[1:], strict=False))
                            if (a, b) in pairs and a in weights and b in weights]
                prepared = self._prepared[span] = (sentence, words, anchors, _clause_scores(sentence, weights))
            sentence, words, anchors, clauses = prepared
            for match in finder(sentence):
                if match.value and supports(self.hit, match.value):
                    near = 0.4 * _proximity(words, anchors, match.start, match.start + len(match.value)) + 0.6 * _clause_at(clauses, match.start) ** 4
                    quality = match.quality * _repeat_penalty(match.value, self.analysis)
                    yield Candidate(match.value, "text", quality, score * (0.5 + 0.5 * near), span, sentence)


_WORD_RE = re.compile(r"[a-z0-9]+")


def _proximity(words: list[tuple[int, str]], anchors: list[tuple[int, float]], start: int, end: int | None = None) -> float:
    """1 next to the rarest topic word, falling with the words in between and with commoner words.

    Topic words inside the value itself do not count: in "6 tháng (trước ngày 18/5)
    và cả năm (trước ngày 18/11)" both values hold "trước"; what tells them apart is
    the label before each.
    """
    if not anchors:
        return 0.5
    index = next((i for i, (at, _) in enumerate(words) if at >= start), len(words) - 1)
    top = max(w for _, w in anchors) or 1.0

    def nearest(kept: list[tuple[int, float]]) -> float:
        return max(((w / top) / (1.0 + abs(index - i) / 4.0) for i, w in kept), default=0.5)

    outside = [(i, w) for i, w in anchors if end is None or not start <= words[i][0] < end]
    # Half from all topic words (a value naming the topic, "3 nhiệm vụ cấp tỉnh", is close to it),
    # half from those outside it (what tells two "trước ngày …" apart).
    return (nearest(anchors) + nearest(outside)) / 2


_CLAUSE_CUT = re.compile(r",\s|[;(]|\s(?:và|còn|trong đó|riêng)\s")


def _clause_scores(sentence: str, weights: dict[str, float]) -> list[tuple[int, float]]:
    """(start, share of the topic weight) per clause: a list's items answer different questions.

    "… tài sản trí tuệ đạt trên 10%, tỷ trọng giao dịch các công nghệ đạt 10 - 20 %" holds
    two targets; the clause that names the question's topic holds its value.
    """
    total = sum(weights.values()) or 1.0
    starts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(sentence)]
    scores = []
    for start, end in zip(starts, [*starts[1:], len(sentence)], strict=True):
        words = set(_WORD_RE.findall(fold(sentence[start:end])))
        scores.append((start, sum(w for word, w in weights.items() if word in words) / total))
    top = max((s for _, s in scores), default=0.0) or 1.0
    return [(start, score / top) for start, score in scores]


def _clause_at(clauses: list[tuple[int, float]], position: int) -> float:
    """The relative topic score of the clause holding ``position`` (or the one before it)."""
    here = [score for start, score in clauses if start <= position]
    return here[-1] if here else 0.5


_GENERIC_PLACE_WORDS = frozenset({"tinh", "huyen", "xa", "thanh", "pho", "thi", "phuong", "tran", "tp"})


def _repeat_penalty(value: str, analysis: QuestionAnalysis, *, scattered: bool = True) -> float:
    """A value the question already states ("hằng năm", its own Quyết định, "tỉnh Tây Ninh").

    What "Ngoài X, … còn …" sets aside is dropped by the reader (``QuestionAnalysis.excluded``).
    With ``scattered`` False only the value written whole counts: "Trung tâm nào của Sở KH&CN …"
    has every word of "Trung tâm KH&CN" without naming it.
    """
    folded = " ".join(fold(value).split())
    if analysis.answer_type == "yes_no" and re.search(r"\d{1,2}\s*/\s*\d{1,2}", folded):
        return 1.0  # "… trước ngày 20/5 đúng không?": the date claimed, found as written, confirms it
    if len(folded) > 3 and folded in analysis.folded:
        return 0.3
    if not scattered:
        return 1.0
    words = [w for w in folded.split() if w not in _GENERIC_PLACE_WORDS]
    asked = set(analysis.folded.split())
    if words and len(words) <= 4 and all(w in asked for w in words):
        return 0.3
    return 0.3 if names_code_asked(value, analysis) else 1.0


def _first(*candidates: Candidate | None) -> list[Candidate]:
    return [c for c in candidates if c is not None]


def organisation(p: Passage) -> list[Candidate]:
    """The unit that leads, coordinates or directs, by the role the question names."""
    role = p.analysis.role or "lead"
    found: list[Candidate] = []
    cell = pat.field_for(p.hit.fields, role)
    if cell:
        found += _first(p.whole(cell[1], "field", 1.0))
    if role == "lead":
        found += _first(p.whole(pat.unit_of(p.hit.chunk) or "", "unit", 0.9))
        if p.analysis.qword == "ai":  # "Ai có trách nhiệm …?" under "1. Thủ trưởng các sở, ban, ngành tỉnh; …"
            found += _first(p.whole(pat.heads_of_units(p.hit.chunk) or "", "unit", 0.9))
        found += list(p.from_sentences(pat.leaders))
        found += [dataclasses.replace(c, quality=0.75) for c in p.from_sentences(pat.people)]
        if p.analysis.qword == "ai":
            found += list(p.from_sentences(pat.role_subjects))
    elif role == "coordinate":
        found += list(p.from_sentences(pat.coordinators))
    else:
        found += list(p.from_sentences(pat.people))
    found += [
        Candidate(c.value, c.origin, 0.4, c.closeness, c.span, c.sentence)
        for c in p.from_sentences(pat.organisations, limit=1)
    ]
    head = p.analysis.head
    if head not in _GENERIC_ORG_HEADS:
        # "Đồn biên phòng nào được hỗ trợ?": a unit of the kind named answers, whatever its role;
        # "đoàn kiểm tra Thương mại …" is one even written in lower case.
        of_kind = [c for c in p.from_sentences(pat.organisations) if fold(c.value).startswith(head + " ")]
        if not of_kind and len(head.split()) > 1:  # "đoàn kiểm tra …"; a bare "sở" would find "cơ sở dữ liệu"
            of_kind = list(p.from_sentences(lambda s: _head_phrases(s, head)))
        # The question's own unit ("Đối tác mà Trung tâm KH&CN … là trung tâm nào?") keeps its repeat penalty.
        found += [dataclasses.replace(c, origin="kind", quality=0.85 * _repeat_penalty(c.value, p.analysis, scattered=False)) for c in of_kind]
    if _is_recipient_list(p.hit):
        # "Nơi nhận: - VP UBND tỉnh; - Sở KH&ĐT; - Cục Thống kê": each line is a unit the document goes to.
        units = [dataclasses.replace(c, origin="kind", quality=0.9) for c in p.from_sentences(pat.organisations, limit=12)]
        listed = _joined(units, "kind", 1.0, closeness=1.0) if p.analysis.plural else None
        found += ([listed] if listed else []) + units  # "Nơi nhận gồm những ai?": the whole list answers
    if p.analysis.qword in _SENT_TO_QWORDS:
        # "… nộp báo cáo về đâu?": the unit it is sent to, no role claimed.
        found += [dataclasses.replace(c, origin="kind", quality=c.quality + 0.1) for c in p.from_sentences(pat.recipients)]
    if p.analysis.plural and (not cell or not p.analysis.role_stated):
        # "Thỏa thuận ba bên gồm những ai?": the parties the text lists, not the row's lead alone.
        found = _lists_first(list(p.from_sentences(pat.organisation_list)), found)
    if p.analysis.qword == "ai":
        found = [dataclasses.replace(c, value=pat.with_post(c.sentence, c.value)) if c.origin == "text" else c for c in found]
    # "… giảm chi phí cho ai?": what the sentence writes in the question's own frame, named unit or not.
    found += _framed(p, slots.finder(p.analysis.folded, tuple(p.hit.fields.values())))
    return _of_the_kind_asked(_after_the_preposition(found, p.analysis), head)


_PREPOSITION_ASKED_RE = re.compile(r"\b(cua|cho|voi|thuoc|tu)\s+(?:cac\s+|nhung\s+)?([a-z&]+(?:\s+[a-z&]+)?)\s+nao\b")


def _after_the_preposition(found: list[Candidate], analysis: QuestionAnalysis) -> list[Candidate]:
    """"… cơ cấu tổ chức *của* đơn vị nào?": the unit the passage writes after that same "của"
    ("… cơ cấu tổ chức của Trung tâm KH&CN"), not the one the question already names.
    """
    asked = _PREPOSITION_ASKED_RE.search(analysis.folded)
    if not asked or not asked.group(2).startswith(analysis.head or "~"):
        return found
    word = asked.group(1)

    def follows(c: Candidate) -> bool:
        at = c.sentence.find(c.value)
        return at > 0 and re.search(rf"\b{word}(?:\s+cac|\s+nhung)?\s*$", fold(c.sentence[:at])) is not None

    after = [c for c in found if c.origin == "text" and follows(c)]
    if not after:
        return found
    # Said without a role ("… chủ trì"): the question asks whose it is, not who leads; a unit
    # the passage writes elsewhere is a weak guess beside it.
    return [dataclasses.replace(c, origin="kind", quality=max(c.quality, 0.9)) if any(c is a for a in after)
            else dataclasses.replace(c, quality=c.quality * 0.5) for c in found]


_SENT_TO_QWORDS = frozenset({"ve dau", "gui dau", "gui ve dau", "qua dau", "len dau", "gui len dau", "gui toi dau", "gui den dau", "toi dau"})
_GENERIC_ORG_HEADS = frozenset({"don vi", "bo phan", "co quan", "to chuc", "nganh", "so nganh", "so, nganh", "cap nao", "co so", "ai", ""})
_KIND_ALIASES = {"phong": ("phong", "van phong")}
"""Units that are of the kind a head names under another first word: "Văn phòng Sở" is one of the "phòng"."""


def _is_recipient_list(hit: Hit) -> bool:
    """True for the "Nơi nhận" block that closes a document."""
    return bool(hit.chunk.section) and fold(hit.chunk.section[-1]).startswith(lexicon().closing_parts)


def _head_phrases(sentence: str, head: str) -> Iterator[pat.Match]:
    """"<head> <name>" written out in the sentence, up to a clause boundary or a verb of its role."""
    folded = fold(sentence)
    for match in re.finditer(rf"(?<![a-z0-9]){re.escape(head)}\s+", folded):
        tail = sentence[match.start() : match.start() + 120]
        cut = re.split(r"[;:.()\n]|(?<![Nn]ghiên cứu),|\s(?:do|chủ trì|phối hợp|thực hiện|nhằm|để|về việc)\s", tail)[0]
        if len(cut.split()) > len(head.split()):
            yield pat.Match(pat.clean_value(cut), match.start(), 0.8)


def of_the_kind_asked(value: str, head: str) -> bool:
    """True when ``value`` is a unit of the kind a specific head noun names ("trường nào" → "Trường …")."""
    if head in _GENERIC_ORG_HEADS:
        return False
    # "Các cơ quan liên quan - Các Sở: …" lists units of the kind.
    kinds = "|".join(re.escape(k) for k in _KIND_ALIASES.get(head, (head,)))
    return bool(re.search(rf"(?:^|\b(?:cac|nhung)\s+)(?:{kinds})\b", fold(value)))


def _of_the_kind_asked(found: list[Candidate], head: str) -> list[Candidate]:
    """"Trường nào", "viện nào", "sở nào": a unit of that kind beats any other unit."""
    if not any(of_the_kind_asked(c.value, head) for c in found):
        return found
    # The unit heading above a passage is always close to its words; of another kind, it is no answer.
    return [c if of_the_kind_asked(c.value, head) else dataclasses.replace(c, quality=c.quality * 0.3, closeness=c.closeness * 0.3)
            for c in found]


def person(p: Passage) -> list[Candidate]:
    """A named person: the directing column, a titled name in text, the signer."""
    found: list[Candidate] = []
    cell = pat.field_for(p.hit.fields, "direct")
    if cell:
        found += _first(p.whole(cell[1], "field", 0.95))
    found += list(p.from_sentences(pat.people))
    found += list(p.from_sentences(pat.role_subjects))  # "Người đứng đầu các cấp, các ngành chịu trách nhiệm …"
    signer = p.hit.meta.signer
    if signer and p.hit.fields.get("Người ký"):
        found += _first(p.whole(signer, "meta", 0.7))
    post = _post_asked(p.analysis)
    if _asks_a_name(p.analysis):
        found = [c for c in found if not _only_a_post(c.value)]
    if not post:
        return found
    # "Ai là trưởng phòng …?": a name written with another post ("PGĐ …") is not an answer at all.
    return [dataclasses.replace(c, quality=c.quality * fit) for c in found if (fit := _post_fit(c, post)) > _OTHER_POST]


def _asks_a_name(analysis: QuestionAnalysis) -> bool:
    """"… tên là gì?", "Họ tên người ký?", "Ai là Giám đốc Sở?": a name, which the post alone is not."""
    return bool(re.search(r"\bten\b", analysis.folded) or _post_asked(analysis))


def _only_a_post(value: str) -> bool:
    posts = {fold(r) for r in lexicon().person_roles} | set(POST_ABBREVIATIONS)
    words = [w for w in re.findall(r"[a-z0-9]+", fold(value)) if w not in ("ban", "kt", "tm", "tl")]  # "Ban Giám đốc"
    return " ".join(words) in posts or bool(re.search(r"khong ghi ho ten", fold(value)))


def _post_asked(analysis: QuestionAnalysis) -> str:
    """The post a question names ("giam doc", "pho giam doc"), longest first; "" when none."""
    return post_named(analysis.folded)


def _post_fit(candidate: Candidate, post: str) -> float:
    """1 when the name carries the post asked, low for another post ("PGĐ …" is not the Giám đốc)."""
    at = candidate.sentence.find(candidate.value)
    before = fold(candidate.sentence[max(0, at - 30) : at] if at >= 0 else "") + " " + fold(candidate.value)
    words = " ".join(POST_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z0-9]+", before))
    if re.search(rf"\b{re.escape(post)}\b", words) and not (not post.startswith("pho") and f"pho {post}" in words):
        return 1.0
    return _OTHER_POST if any(fold(r) in words for r in lexicon().person_roles) else 0.6


_OTHER_POST = 0.2


_SIGN_TITLE_RE = re.compile(r"^\s*((?:KT\.|TM\.|TL\.|Q\.)?\s*(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN))\s*$", re.M)


def _signing_title(text: str) -> str:
    """E.g. "KT. Giám đốc, Phó Giám đốc" from the signature block's capitalised title lines."""
    titles = [" ".join(m.group(1).split()) for m in _SIGN_TITLE_RE.finditer(text)]
    titles = [t.replace("KT.", "KT. ").replace("  ", " ") for t in titles]
    return ", ".join(t[:1] + t[1:].lower() if not t.startswith(("KT", "TM", "TL")) else t.split(" ", 1)[0] + " " + t.split(" ", 1)[1].capitalize() for t in titles)


def signer(p: Passage) -> list[Candidate]:
    """Who signed: the name and title in the signature block (a title alone when no name is written)."""
    from khcn_qa.ingest.structure import CLOSING

    if _names_another_code(p):
        return cited_issuer(p)  # "Ai ký Quyết định 3399/QĐ-UBND?": the citation names its issuer
    in_block = p.hit.chunk.section == (CLOSING,)
    title = _signing_title(p.hit.text) if in_block else ""
    name = p.hit.meta.signer
    if name:
        value = f"{name} ({title})" if title else name
        closeness = 1.0 if in_block else 0.5
        if not supports(p.hit, name):
            return []
        return [Candidate(value, "meta", 1.0 if in_block else 0.8, closeness, find_span(p.hit.text, name), "")]
    if title and not _asks_a_name(p.analysis):
        return [Candidate(f"{title} (văn bản không ghi họ tên người ký)", "meta", 0.9, 1.0, None, "")]
    return []


def document_ref(p: Passage) -> list[Candidate]:
    """A document the passage cites, of the kind the head noun names when it names one."""
    head = p.analysis.head
    issuer = _issuer_asked(p.analysis)
    found = []
    for cand in p.from_sentences(pat.document_refs):
        kind_fits = not head or fold(cand.value).startswith(head) or head in ("van ban", "can cu")
        quality = (0.9 if kind_fits else 0.4) * _issuer_fit(cand.value, issuer)
        found.append(Candidate(cand.value, cand.origin, quality, cand.closeness, cand.span, cand.sentence))
    for cand in p.from_sentences(pat.standards):
        found.append(dataclasses.replace(cand, quality=cand.quality * (1.0 if head in ("tieu chuan", "van ban", "") else 0.5)))
    for cand in p.from_sentences(pat.laws):
        found.append(dataclasses.replace(cand, quality=cand.quality * (1.0 if head in ("luat", "van ban", "can cu", "") else 0.6)))
    for cand in p.from_sentences(pat.named_documents):
        kind_fits = not head or fold(cand.value).startswith(head) or head in ("van ban", "can cu")
        found.append(dataclasses.replace(cand, quality=cand.quality * (1.0 if kind_fits else 0.7) * _issuer_fit(cand.value, issuer)))
    relation = _DOC_RELATION_RE.search(p.analysis.folded)
    if relation:
        # "… ban hành kèm theo văn bản nào?": the document the passage writes after "kèm theo".
        found = [dataclasses.replace(c, quality=c.quality + 0.4, closeness=max(c.closeness, 1.0))
                 if re.search(rf"{relation.group(0)}\s*(?:\S+\s+){{0,2}}$", fold(c.sentence[: max(0, c.sentence.find(c.value))])) else c
                 for c in found]
    if "thay the" in p.analysis.folded and p.analysis.codes:
        # The sentence says "A thay thế <the code asked>": A answers, wherever the topic words fall.
        found = [
            dataclasses.replace(c, quality=max(c.quality, 1.0), closeness=max(c.closeness, 1.0)) if _replaces_asked(c, p.analysis) else c
            for c in found
        ]
    found = [c for c in found if not names_code_asked(c.value, p.analysis)]
    if p.analysis.plural:
        # "Căn cứ … gồm những văn bản gì?": every numbered document the passage cites, in its order.
        coded = [c for c in found if c.origin == "text" and re.search(r"\d+\s*[/-]", c.value)]
        listed = _joined(coded, "text", max((c.quality for c in coded), default=0.0) + 0.1)
        found = ([listed] if listed else []) + found
    # "Văn bản nào thay thế Quyết định 52/2016/QĐ-UBND?": the document the question names is not the answer.
    return found


MAX_LISTED = 6


def _joined(items: list[Candidate], origin: str, quality: float, closeness: float | None = None) -> Candidate | None:
    """Several values of one passage said as one list, in the passage's order ("A; B; C").

    ``None`` when fewer than two distinct values have a supporting span.
    """
    spanned = [(c.span, c) for c in {fold(c.value): c for c in items}.values() if c.span]
    ordered = sorted(spanned, key=lambda sc: (sc[0][0], sc[1].sentence.find(sc[1].value)))[:MAX_LISTED]
    if len(ordered) < 2:
        return None
    span = (min(s[0] for s, _ in ordered), max(s[1] for s, _ in ordered))
    near = max(c.closeness for _, c in ordered) if closeness is None else closeness
    return Candidate("; ".join(c.value for _, c in ordered), origin, quality, near, span, "")
_DOC_RELATION_RE = re.compile(r"\bkem theo\b|\bcan cu\b|\bthuc hien\b(?=\s+(?:van ban|quyet dinh|nghi quyet|ke hoach|chi thi|thong tu)\s+nao)")
_ISSUER_RE = re.compile(
    r"\bcua\s+(thu tuong chinh phu|chinh phu|bo chinh tri|ban chap hanh trung uong|ban thuong vu tinh uy|tinh uy|ubnd tinh|uy ban nhan dan tinh"
    r"|hdnd tinh|hoi dong nhan dan tinh|bo khoa hoc va cong nghe|bo kh&cn|quoc hoi)\b"
)


def _issuer_asked(analysis: QuestionAnalysis) -> str:
    """The issuer a document question names ("nghị quyết nào của Chính phủ"), folded; "" when none."""
    match = _ISSUER_RE.search(analysis.folded)
    return match.group(1) if match else ""


def _issuer_fit(value: str, issuer: str) -> float:
    """1 for a document of the issuer asked (or when none is asked), less for another issuer's."""
    if not issuer:
        return 1.0
    folded = " ".join(fold(value).split())
    if f"cua {issuer}" in folded:
        return 1.1 if issuer != "chinh phu" or "thu tuong chinh phu" not in folded else 0.8
    return 0.7


_ISSUER_CODES = {"ubnd tinh": "ubnd", "uy ban nhan dan tinh": "ubnd", "hdnd tinh": "hdnd", "hoi dong nhan dan tinh": "hdnd",
                 "tinh uy": "tu", "ban thuong vu tinh uy": "tu", "chinh phu": "cp", "thu tuong chinh phu": "ttg", "bo khoa hoc va cong nghe": "bkhcn"}


def _code_of_issuer(value: str, issuer: str) -> bool:
    """True when the document code ends with the issuer's symbol ("11/BC-UBND" is the UBND's)."""
    symbol = _ISSUER_CODES.get(issuer)
    return bool(symbol) and bool(re.search(rf"\d[\w/]*-(?:[a-z&]+-)*{symbol}\b", re.sub(r"&", "", fold(value))))


def _replaces_asked(candidate: Candidate, analysis: QuestionAnalysis) -> bool:
    """True for "<candidate> thay thế <the code asked>" in the candidate's sentence."""
    at = candidate.sentence.find(candidate.value)
    if at < 0:
        return False
    after = fold(candidate.sentence[at + len(candidate.value) :][:160])
    replaced = re.match(r"[^;]{0,60}?\bthay the\s+([^;]{0,80})", after)
    return bool(replaced) and any(fold(code) in re.sub(r"\s+", "", replaced.group(1)) for code in analysis.codes)


def names_code_asked(value: str, analysis: QuestionAnalysis) -> bool:
    """True when ``value`` contains a document code the question itself names, in full or by its
    number alone ("Văn bản 2274 … sửa quyết định nào?" names "Quyết định số 2274/QĐ-UBND").
    """
    compact = re.sub(r"\s+", "", fold(value))
    if any(fold(code) in compact for code in analysis.codes):
        return True
    return any(re.search(rf"(?<!\d){number}/", compact) for number in numbers_named(analysis.folded))


_NUMBER_NAMED_RE = re.compile(
    r"\b(?:van ban|quyet dinh|ke hoach|nghi quyet|thong tu|chi thi|cong van|bao cao|chuong trinh|qd|kh|nq|cv)"
    r"\s+(?:so\s+)?(\d{2,5})\b(?!\s*[/-])"
)


@lru_cache(maxsize=256)
def numbers_named(folded_question: str) -> tuple[str, ...]:
    """Document numbers a question writes without their code ("kế hoạch số 4088", "văn bản 2274")."""
    return tuple(n for n in _NUMBER_NAMED_RE.findall(folded_question) if not re.fullmatch(r"(?:19|20)\d\d", n))


_TIME_HEADS = {"nam": ("nam", "giai doan", "recurring"), "thang": ("thang", "ngay", "deadline"),
               "ngay": ("ngay", "deadline"), "quy": ("quy", "deadline"), "giai doan": ("giai doan",)}


def _year_spans(text: str) -> list[tuple[int, int]]:
    """Years and year ranges ("2021-2030") a text names, as (first, last)."""
    return [(int(a), int(b or a)) for a, b in re.findall(r"(?<![\d/])(20\d\d)(?:\s*-\s*(20\d\d))?(?![\d/])", text)]


def _other_years(value: str, asked: list[tuple[int, int]]) -> bool:
    """True when ``value`` names years and none of them overlaps a year or range asked."""
    spans = _year_spans(value)
    return bool(spans) and bool(asked) and not any(lo <= b and a <= hi for lo, hi in spans for a, b in asked)


_BY_DOCUMENT_RE = re.compile(
    r"\b(?:bang|tai|qua)\s+(?:van ban|cong van|bao cao|to trinh|quyet dinh|ke hoach|thong bao)\s+(?:so\s+)?\d"
)


def _asks_about_the_code(analysis: QuestionAnalysis) -> bool:
    """E.g. "Kết luận 497-KL/TU của Tỉnh ủy … ngày nào?" asks the document's date; a question with
    a deadline or event ("Thông tư 13/2021 quy định hạn gửi báo cáo là ngày nào?") asks a date it sets.
    """
    if re.search(r"\b(?:han|thoi han|truoc ngay|cham nhat)\b", analysis.folded):
        return False  # a deadline the document sets
    if analysis.qword != "co_khong" and re.search(r"\b(?:tham muu|thay the|de xuat)\b", analysis.folded):
        # "Việc tham mưu ban hành KH thay thế KH 431 … khi nào?" asks when that task is done; "… thay thế
        # QĐ 52/2016 ngày 21/12/2015 phải không?" still checks the date written after the code.
        return False
    if re.search(r"\b(?:ban hanh|ky|ky ket|co ngay|ngay ban hanh|ngay ky|phat hanh|ra doi|thong qua|co tu (?:khi nao|bao gio|nam nao|luc nao))\b", analysis.folded):
        return True  # "… ban hành kèm Quyết định 50/QĐ-UBND vào ngày nào?": its issue date
    if _BY_DOCUMENT_RE.search(analysis.folded):
        return True  # "UBND báo cáo … bằng văn bản số 11 khi nào?": the act is the document, its date the act's
    if re.search(r"\b(?:thuc hien|trien khai|to chuc|dien ra|hoan thanh)\b", analysis.folded):
        return False  # "… triển khai khi nào?" asks when the work happens
    if analysis.head == "ngay":
        return True  # "Quyết định 94/QĐ-UBND về đề án … ngày nào?": the words after the code describe it
    kinds = {w for k in lexicon().folded_kinds for w in k.split()}
    code_words = {w for c in analysis.codes for w in re.findall(r"[a-z0-9]+", fold(c))}
    return len([w for w in analysis.topic if w not in kinds and w not in code_words]) <= 4


_TIME_UNITS_ASKED = frozenset({"nam", "thang", "ngay", "quy"})


@cache
def _when_words() -> frozenset[str]:
    """The lexicon's time question words that name no unit ("khi nào", "hôm nào"; not "tháng mấy")."""
    words = (fold(w) for w, kind in lexicon().question_words.items() if kind == "time")
    return frozenset(w for w in words if w.split()[0] not in _TIME_UNITS_ASKED)


def time(p: Passage) -> list[Candidate]:
    """Deadline, date or period: a cited document's date, the time column, dates in text and headings."""
    found: list[Candidate] = []
    asks_day = p.analysis.head == "ngay" or p.analysis.qword in _when_words() or (
        p.analysis.qword == "co_khong" and p.analysis.head in ("ngay", "")
    )  # "… đến năm 2025 không?" claims a horizon, not the cited plan's issue date
    if p.analysis.codes and asks_day and _asks_about_the_code(p.analysis):
        found += _first(cited_document_date(p, value_only=True))
    elif asks_day and (numbers := _numbers_after_so(p.analysis.folded) or numbers_named(p.analysis.folded)) and _asks_about_the_code(p.analysis):
        found += numbered_reference_date(p, numbers)  # "Văn bản phối hợp số 69 … mang ngày nào?"
    elif asks_day and not p.analysis.codes:
        found += described_document_date(p)
    # Once the document the question describes is cited here, its date is what is asked, not the
    # row's time column ("Ban Thường vụ ký chỉ thị về … lúc nào?" in a row timed "2021-2025").
    others = 0.5 if found else 1.0
    cell = pat.field_for(p.hit.fields, "time")
    if cell:
        found += _first(p.whole(cell[1], "field", others))
    found += [dataclasses.replace(c, quality=c.quality * others) for c in p.from_sentences(pat.dates)]
    for heading in p.hit.chunk.section:
        for match in pat.dates(pat.plain(heading)):
            found += _first(p.whole(match.value, "heading", 0.6 * others, 0.5))
    found = [dataclasses.replace(c, quality=_time_cue_fit(c, p.analysis)) for c in found]
    asks_a_bound = _END_ASKED.search(p.analysis.folded) or _START_ASKED.search(p.analysis.folded)
    if p.analysis.years and p.analysis.qword != "co_khong" and not asks_a_bound:
        found = _in_the_years_asked(found, p.analysis)  # "quy hoạch 2021-2030 tầm nhìn đến năm nào?" asks past it
    wanted = _TIME_HEADS.get(p.analysis.head)
    if not wanted:
        return found

    def fit(c: Candidate) -> float:
        kind = pat.date_kind(c.value)
        if p.analysis.head == "nam" and not re.search(r"(?:19|20)\d\d", c.value):
            return c.quality - 0.6  # "năm nào" wants a year, which "định kỳ" or "hằng năm" does not name
        if kind in wanted:
            return c.quality + 0.2
        if kind == "recurring":
            return 0.0  # "tháng nào …?" is never answered by "hằng năm"
        return c.quality - 0.3

    return [dataclasses.replace(c, quality=fit(c)) for c in found]


_DEADLINE_ASKED = re.compile(r"\b(?:han|truoc ngay|cham nhat|phai (?:gui|nop|hoan thanh|bao cao))\b")
_END_ASKED = re.compile(r"\b(?:den|toi)\s+(?:khi nao|bao gio|nam nao|nam may|nam bao nhieu|luc nao|thoi diem nao)\b")
_YEARS_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_START_ASKED = re.compile(r"\b(?:tu|bat dau tu|ke tu)\s+(?:khi nao|bao gio|luc nao|thoi diem nao|nam nao)\b")


def _time_cue_fit(c: Candidate, analysis: QuestionAnalysis) -> float:
    """A time's quality for the kind of time the question's words ask: a deadline, an end, a start."""
    value, quality = fold(c.value), c.quality
    if _START_ASKED.search(analysis.folded) and _END_ASKED.search(analysis.folded):
        # "… từ năm nào tới năm nào?" asks a whole period: "giai đoạn 2025-2030", not its end alone.
        return quality + (0.6 if pat.date_kind(c.value) == "giai doan" else -0.3)
    if _DEADLINE_ASKED.search(analysis.folded):
        # "Hạn nộp … là bao giờ?" asks a deadline: "trước ngày 30/5" beats a bare date.
        quality += 0.15 if "truoc" in value or "cham nhat" in value else -0.1
    if _END_ASKED.search(analysis.folded):
        # "… có hiệu lực đến khi nào?" asks an end: "đến năm 2025" or a period's last year.
        kind = pat.date_kind(c.value)
        quality += 0.6 if value.startswith(("den", "toi")) else 0.1 if kind == "giai doan" else -0.3 if kind == "recurring" else -0.1
        if analysis.years and set(_YEARS_IN.findall(value)) <= set(analysis.years):
            quality -= 0.7  # "… đến năm mấy, sau giai đoạn 2021-2025?": the end it names is known, another is asked
    if _START_ASKED.search(analysis.folded) and re.match(r"(?:ngay\s+)?(?:tu|bat dau|ke tu)\b", value):
        quality += 0.4  # "Từ khi nào …?" asks a start: "ngay từ đầu năm 2024" beats a bare "năm 2024"
    return quality


def _in_the_years_asked(found: list[Candidate], analysis: QuestionAnalysis) -> list[Candidate]:
    """Times of the years the question names.

    "Khi nào Sở tổ chức cuộc thi năm 2025?" is not answered by "năm 2022": a time naming only
    other years (no range covering the year asked) is another event's; a full date may still
    fall just after its year ("báo cáo năm 2024 trước 15/01/2025"). A period the question
    itself names ("nghị quyết … 2021-2030 … khi nào?") names the thing, it does not date it.
    (Not for yes/no: there the year may be the claim itself, "… đến năm 2035 phải không?")
    """
    asked = _year_spans(analysis.folded)
    told = []
    for c in found:
        kind = pat.date_kind(c.value)
        if analysis.head != "giai doan" and kind == "giai doan" and set(_year_spans(c.value)) <= set(asked):
            c = dataclasses.replace(c, quality=c.quality * 0.3)
        if _other_years(c.value, asked):
            c = dataclasses.replace(c, quality=0.0 if kind in ("nam", "giai doan") else c.quality * 0.5)
        told.append(c)
    return told


def duration(p: Passage) -> list[Candidate]:
    """How long or how often ("trong 06 tháng", "định kỳ 6 tháng")."""
    # A recurrence ("hằng năm") or a period answers "bao lâu (một lần)"; a single date never does.
    return list(p.from_sentences(pat.durations)) + [
        Candidate(c.value, c.origin, 0.5, c.closeness, c.span, c.sentence)
        for c in time(p)
        if pat.date_kind(c.value) in ("recurring", "giai doan")
    ]


_TIME_UNITS = frozenset({"ngay", "thang", "nam", "tuan", "quy"})
_MONEY_WORDS = re.compile(r"\b(?:dong|trieu|ty|nghin|usd|vnd)\b")


_BODY_COUNTERS = ("don vi", "to chuc")
"""Nouns that count bodies of any kind: "bao nhiêu đơn vị" asks how many, whatever the bodies are."""


def _counts_bodies(noun: tuple[str, ...]) -> bool:
    return " ".join(noun[:2]) in _BODY_COUNTERS


def _counts_a_body(words: str) -> bool:
    """Whether a count names bodies ("100 doanh nghiệp", "18 Sở"), by the head-noun lexicon."""
    number = re.search(r"\d[\d.,]*\s+", words)  # "tối thiểu 10 doanh nghiệp": the noun after the number
    rest = words[number.end() :].split() if number else []
    bodies = nouns_of_kind("org")
    return any(" ".join(rest[:size]) in bodies for size in (3, 2, 1))


def _count_fit(value: str, noun: tuple[str, ...]) -> float:
    """1 when the words after the number are the noun asked about, low when they are not.

    The noun's opening words must stay together ("giấy chứng nhận" is not
    "chứng chỉ nhân viên", though both have "chứng" and "nhận").
    """
    if not noun:
        return 0.6
    words = " ".join(_WORD_RE.findall(fold(value)))
    padded = f" {words} "

    def has(phrase: tuple[str, ...]) -> bool:  # whole words: "ha" (hectare) is not inside "nhất"
        return f" {' '.join(phrase)} " in padded

    if has(noun):
        return 1.0
    for group in (*lexicon().synonyms, *lexicon().counted_alike):
        asked = [p for p in group if " ".join(noun).startswith(" ".join(p))]
        if asked and any(has(other) for other in group if other not in asked):
            return 0.9  # "thiết bị đo" asked, "phương tiện đo" written
    if _counts_bodies(noun) and _counts_a_body(words):
        return 0.85  # "bao nhiêu đơn vị dự" is answered by "100 doanh nghiệp": a body of any kind
    if len(noun) > 1 and has(noun[:2]):
        rest = noun[2:]  # "nhiệm vụ cấp tỉnh" asked: "nhiệm vụ cấp quốc gia" fits less than it
        return 0.75 + (0.2 * sum(1 for w in rest if w in words.split()) / len(rest) if rest else 0.0)
    if len(noun) > 1 and noun[0] in lexicon().count_measures and has(noun[:1]):
        # "bao nhiêu lượt đơn vị" asked, "12 lượt Doanh nghiệp" written: the measure holds, the rest decides.
        return max(0.75, _count_fit(re.sub(rf"\b{noun[0]}\b", " ", words, count=1), noun[1:]))
    if noun[0] not in words.split():
        return 0.2  # "09 vùng nông nghiệp" counts no "doanh nghiệp", whatever words they share
    shared = sum(1 for w in noun if w in words.split())
    return 0.2 + 0.4 * shared / len(noun)


_PHRASE_END = re.compile(r"[;,()\n]|\s(?:và|còn|trong đó)\s")


_MODIFIER_END = re.compile(r"\b(?:duoc|do|trong|cua|tai|la|da|se|nam|thang)\b")
""""số nhiệm vụ về đổi mới công nghệ *được* Ninh Thuận hỗ trợ": the noun's own words end at the verb."""


_SHARE_VERBS = frozenset({"chiem", "la", "co", "gom", "duoc", "dat", "mang", "linh", "vuc", "nhom", "loai"})
"""Words of "mảng X chiếm mấy …" that say a share is asked, not which one."""


def _count_modifier(analysis: QuestionAnalysis, weights: dict[str, float]) -> dict[str, float]:
    """Topic words after the counted noun ("mấy nhiệm vụ *về đổi mới công nghệ*"), with their weights."""
    if not analysis.count_noun:
        return {}
    noun = re.escape(" ".join(analysis.count_noun))
    match = re.search(rf"\b(?:bao nhieu|may|so luong|tong so|so)\s+{noun}\b(.*?)(?:\b(?:la\s+)?bao nhieu\b.*)?$", analysis.folded)
    phrase = _MODIFIER_END.split(match.group(1), maxsplit=1)[0] if match else ""
    words = set(_WORD_RE.findall(phrase))
    if match and not words:
        # "Trong 11 nhiệm vụ …, mảng đổi mới công nghệ chiếm mấy nhiệm vụ?": the clause before says which.
        clause = re.split(r"[,;:]", analysis.folded[: match.start()])[-1].strip()
        counted = " ".join(analysis.count_noun)
        if clause.startswith(counted + " "):
            # "nhiệm vụ về đổi mới công nghệ được hỗ trợ là mấy nhiệm vụ": the noun's own words, up to the verb
            clause = _MODIFIER_END.split(clause[len(counted) :], maxsplit=1)[0]
        words = set(_WORD_RE.findall(clause)) - set(analysis.count_noun) - _SHARE_VERBS
    words |= set(analysis.count_noun[2:])  # "mấy nhiệm vụ *cấp tỉnh*": the noun's own qualifier tells siblings apart
    return {w: v for w, v in weights.items() if w in words}


def _own_phrase_share(candidate: Candidate, modifier: dict[str, float]) -> float:
    """Share of the question's modifier in the words that follow the number.

    A Vietnamese count names what it counts after the number: in "06 nhiệm vụ về áp
    dụng …; 03 nhiệm vụ về đổi mới công nghệ và 02 nhiệm vụ hỗ trợ …" the words
    after "03" are what "mấy nhiệm vụ về đổi mới công nghệ" asks about.
    """
    at = candidate.sentence.find(candidate.value)
    if at < 0:
        return 0.5
    rest = candidate.sentence[at + len(candidate.value.split()[0]) :]
    end = _PHRASE_END.search(rest)
    after = set(_WORD_RE.findall(fold(rest[: end.start()] if end else rest[:120])))
    # "… nâng tổng số sản phẩm có tem truy xuất trên địa bàn tỉnh lên 143 sản phẩm": the words
    # may also lead up to the number, within its clause.
    head = candidate.sentence[:at]
    cuts = list(_PHRASE_END.finditer(head))
    before = set(_WORD_RE.findall(fold(head[cuts[-1].end() :] if cuts else head)))
    total = sum(modifier.values())
    if not total:
        return 0.5
    return max(sum(v for w, v in modifier.items() if w in phrase) / total for phrase in (after, before))


def quantity(p: Passage) -> list[Candidate]:
    """A number attached to the noun asked about, a percentage, a sum of money."""
    a = p.analysis
    money = any(w in a.folded for w in ("kinh phi", "du toan", "ngan sach", "tong von", "trieu dong", "so tien"))
    percent = any(w in a.folded for w in ("ty le", "ti le", "ty trong", "phan tram", "%", "tang truong"))
    found: list[Candidate] = []
    ordinal = _ordinal_noun(a)
    if ordinal:
        stated = list(p.from_sentences(lambda s: pat.ordinals(s, ordinal)))
        before = re.search(r"((?:[a-z0-9&]+\s+){1,3})[a-z]+\s+thu\s+(?:may|bao nhieu)\b", a.folded)
        named = _numbered_by_lexicon(before.group(1).split()) if before and not stated else ""
        if named:
            # "Hội nghị trung ương lần thứ mấy?" against "Hội nghị trung ương 6": the number names it.
            stated = list(p.from_sentences(lambda s: pat.numbered(s, named)))
        return stated or _own_number(p, ordinal)
    if a.answer_type == "yes_no" and (noun := _ordinal_claimed(a)):
        # "… tại kỳ họp thứ 3 phải không?" against "kỳ họp thứ 2": the ordinal of that noun is the figure.
        return list(p.from_sentences(lambda s: pat.ordinals(s, noun)))
    if _ASKS_ITS_NUMBER_RE.search(a.folded):
        return _own_number(p, "muc")
    numbered = _numbered_noun(a)
    if numbered:
        # "Hội nghị Trung ương mấy khóa IX?": the number that follows the noun names it ("Trung ương 6").
        named = list(p.from_sentences(lambda s: pat.numbered(s, numbered)))
        if named:
            return named
    if a.count_noun and a.count_noun[0] in _TIME_UNITS:
        unit = re.compile(rf"\d+\s+{a.count_noun[0]}\b")  # "mấy tháng" → "06 tháng", "định kỳ 6 tháng"
        return [c for c in p.from_sentences(pat.durations) if unit.search(fold(c.value))]
    found += _numeric_cells(p, money=money, percent=percent)
    if a.count_noun:
        found += list(p.from_sentences(lambda s: pat.worded_counts(s, a.count_noun[0])))
    modifier = _count_modifier(a, p.weights)
    for cand in p.from_sentences(lambda s: pat.quantities(s, percent_first=percent, money_first=money)):
        if any(n == re.sub(r"\D", "", cand.value) for n in a.numbers if n.isdigit()):
            continue  # the question's own number ("năm 2030", "Điều 2")
        fit = _count_fit(cand.value, a.count_noun)
        # A number that counts something else hardly answers "bao nhiêu X" (paraphrases aside).
        quality = cand.quality * fit**2 if a.count_noun and not (percent or money) else cand.quality
        if percent and "%" not in cand.value and "phan tram" not in fold(cand.value):
            quality *= 0.3  # "tỷ lệ … bao nhiêu" is answered by a percentage
        elif money and not percent and not _MONEY_WORDS.search(fold(cand.value)) and not _share_of_budget(cand):
            quality *= 0.05  # "kinh phí … bao nhiêu" is a sum of money, not "44 nhiệm vụ"
        found.append(Candidate(cand.value, cand.origin, quality, cand.closeness, cand.span, cand.sentence))
    return _siblings_told_apart(found, modifier, a.count_noun) if modifier else found


_BUDGET_SHARE_RE = re.compile(r"^\W*(?:\S+\s+){0,2}?(?:tong chi|ngan sach|kinh phi|tong von|von dau tu|grdp)\b")


def _share_of_budget(candidate: Candidate) -> bool:
    """"đạt 2% tổng chi ngân sách của địa phương": a percentage of a budget states a budget target."""
    if "%" not in candidate.value:
        return False
    at = candidate.sentence.find(candidate.value)
    return at >= 0 and _BUDGET_SHARE_RE.search(fold(candidate.sentence[at + len(candidate.value) :])) is not None


_ORDINAL_CLAIM_RE = re.compile(r"\b((?:[a-z]+\s+)?[a-z]+)\s+thu\s+\d+\b")


def _ordinal_claimed(analysis: QuestionAnalysis) -> str:
    """The noun of an ordinal a yes/no question claims ("kỳ họp thứ 3" → "ky hop"), "" if none.

    Folded, "thứ" and the "thu" of "nghiệm thu 02 nhiệm vụ" are one word: the noun must be one
    plans number, and an accented question must write "thứ".
    """
    claimed = _ORDINAL_CLAIM_RE.search(analysis.folded)
    if claimed is None or (has_diacritics(analysis.question) and "thứ" not in analysis.question.lower()):
        return ""
    words = claimed.group(1).split()
    pair = " ".join(words[-2:])
    numbered = {*lexicon().numbered_nouns, *lexicon().countable_parts, "lan"}
    if len(words) == 2 and pair in numbered:
        return pair
    return words[-1] if words[-1] in numbered else ""
_ASKS_ITS_NUMBER_RE = re.compile(r"\b(?:so thu tu|stt|thu tu)\s+(?:la\s+)?(?:may|bao nhieu|so may)\b")


def _own_number(p: Passage, noun: str) -> list[Candidate]:
    """"… mang số thứ tự mấy?", "… là đơn vị thứ mấy được phân công?": the passage's own number,
    its table row's STT ("TT 8.") or the number its heading opens with ("6. Trung tâm …").

    Only for the parts a plan numbers (items, units, tasks); "lần thứ mấy" is never a heading's number.
    """
    if noun not in lexicon().countable_parts:
        return []
    chunk = p.hit.chunk
    if chunk.row_id and (row := re.match(rf"\s*((?:TT|STT)\s*{re.escape(chunk.row_id)})\b", chunk.text)):
        found = p.whole(row.group(1), "heading", 0.8)
        return [found] if found else []
    numbered = next((h for h in reversed(chunk.section) if heading_number(h)), None)
    found = p.whole(numbered.strip(), "heading", 0.8) if numbered else None
    return [found] if found else []


def _ordinal_noun(analysis: QuestionAnalysis) -> str:
    """The noun of "<noun> thứ mấy", folded: "kỳ họp thứ mấy" names a two-word noun ("ky hop"),
    "cách mạng công nghiệp lần thứ mấy" counts "lan"; "" when no ordinal is asked.
    """
    ordinal = re.search(r"(?:([a-z]+)\s+)?([a-z]+)\s+thu\s+(?:may|bao nhieu)\b", analysis.folded)
    if not ordinal:
        return ""
    pair = " ".join(w for w in ordinal.groups() if w)
    return pair if pair in lexicon().numbered_nouns or pair in lexicon().countable_parts else ordinal.group(2)


def _numeric_cells(p: Passage, *, money: bool, percent: bool) -> list[Candidate]:
    """Numbers in a row's cells whose column header names what is asked ("Kinh phí (triệu đồng)")."""
    found = []
    for column, value in pat.numeric_cells(p.hit.fields):
        header = set(fold(column).replace("(", " ").replace(")", " ").split())
        fit = sum(w for word, w in p.weights.items() if word in header) / (sum(p.weights.values()) or 1.0)
        if money and lexicon().columns["money"].matches(column):
            fit = max(fit, 0.5)  # "Kinh phí (triệu đồng)" answers "kinh phí … bao nhiêu"
        if percent and "%" not in value:
            fit = min(fit, 0.0) - 0.3  # "tỷ lệ … bao nhiêu" is answered by a percentage column
        if fit > 0 or (percent and "%" in value):
            cell = Candidate(value, "field", max(0.1, min(1.0, 0.6 + fit)), HEADING_CLOSENESS, find_span(p.hit.text, value.split()[0].rstrip("%")), "")
            if supports(p.hit, value.split()[0].rstrip("%")):
                found.append(cell)
    return found


def _numbered_noun(analysis: QuestionAnalysis) -> str:
    """The noun a number names in "<noun> mấy / số mấy" ("trung uong", "ky hop"); "" for a count."""
    match = re.search(r"((?:[a-z0-9&]+\s+){1,3})(?:so\s+)?(?:may|bao nhieu)\b", analysis.folded)
    if not match:
        return ""
    lead = match.group(1).split()
    named = _numbered_by_lexicon(lead)
    if named or not re.search(r"\bmay\W*$", analysis.folded) or lead[-1] in _NOT_NAMED_BY_NUMBER:
        return named
    # "… Trung tâm Kỹ thuật TĐC mấy?", "… Ban chỉ đạo số mấy?": the question ends on the number
    # that names what its last words name ("Chất lượng 3", "Ban chỉ đạo 389").
    return " ".join(lead[-2:])


_NOT_NAMED_BY_NUMBER = frozenset({"thu", "lan", "la", "co", "gom", "duoc", "tat", "ca", "bao"})


def _numbered_by_lexicon(lead: list[str]) -> str:
    """The lexicon's numbered noun ("trung uong", "ky hop") that ``lead`` ends with, or ""."""
    return next((n for n in lexicon().numbered_nouns if lead[-len(n.split()) :] == n.split()), "")


def _siblings_told_apart(found: list[Candidate], modifier: dict[str, float], noun: tuple[str, ...]) -> list[Candidate]:
    """Among a passage's numbers that count the noun asked, the one whose own words match
    the question's modifier wins.
    """
    shares = {id(c): _own_phrase_share(c, modifier) for c in found if c.origin == "text" and _count_fit(c.value, noun) >= 0.75}
    top = max(shares.values(), default=0.0)
    told = []
    for c in found:
        if id(c) in shares and top > 0:
            c = dataclasses.replace(c, quality=c.quality * (0.4 + 0.6 * (shares[id(c)] / top) ** 2))
        told.append(c)
    return told


OWN_PROVINCE = 0.2
"""A place answer naming the document's own province: "tỉnh Tây Ninh" rarely answers "ở đâu" in a Tây Ninh plan."""


def place(p: Passage) -> list[Candidate]:
    """A district, commune, city or province named near the topic; else where "tại/ở/thuộc" points.

    "… từ đâu?" asks a source, answered by what follows "từ" ("từ các tổ chức tín dụng");
    "… vào đâu?" where something is brought, what follows "vào". A bare "tỉnh" names no place.
    """
    if p.analysis.archive:
        return [c for c in _first(p.whole(pat.filed_at(p.hit.text), "field", 1.0, 1.0)) if _is_recipient_list(p.hit)]
    if re.search(r"\btu dau\b", p.analysis.folded):
        # "… vốn vay từ đâu?": what follows the question's own "vốn vay từ" beats the list's first source.
        return _framed(p, slots.finder(p.analysis.folded, tuple(p.hit.fields.values()))) + list(p.from_sentences(pat.sources))
    if re.search(r"\bvao dau\b", p.analysis.folded):
        return list(p.from_sentences(pat.destinations))  # "đưa kết quả … vào đâu?": what "vào" names
    if _ISSUED_AT_ASKED_RE.search(p.analysis.folded) and (dateline := _DATELINE_RE.search(p.hit.text)):
        # "Nơi ban hành ghi ở đầu kế hoạch là ở đâu?": the place of the dateline "Tây Ninh, ngày … tháng …".
        found = p.whole(dateline.group(1), "meta", 1.2, 1.0)
        return [found] if found else []
    own = fold(p.hit.meta.province or "~")
    # The document's own province ("tỉnh Tây Ninh" in a Tây Ninh plan) is rarely the place asked.
    found = [dataclasses.replace(c, quality=c.quality * (OWN_PROVINCE if own in fold(c.value) else 1.0))
             for finder in (pat.places, pat.locations, pat.sites) for c in p.from_sentences(finder)]
    if re.search(r"\b(?:gui|nop|bao cao|trinh|chuyen|phan anh|kien nghi|de xuat|qua dau)\b", p.analysis.folded):
        # "Báo cáo … nộp ở đâu / gửi đi đâu?", "vướng mắc … phản ánh về đâu?": the unit it goes to.
        found += list(p.from_sentences(pat.recipients))
    found += _framed(p, slots.locative_after_topic(p.analysis.folded))
    if (seat := _SEAT_ASKED_RE.search(p.analysis.folded)) and _SEATED_UNIT_RE.search(p.analysis.folded[: seat.start()]):
        found += [dataclasses.replace(c, origin="kind") for c in p.from_sentences(pat.seats)]  # "ĐH Nông Lâm đóng ở đâu?"
    # "trên địa bàn tỉnh" says where without naming a place: a bare "tỉnh" answers nothing.
    found = [c for c in found if " ".join(_WORD_RE.findall(fold(c.value))) not in _BARE_PLACES]
    # "… đã đăng ký hoạt động ở đâu?": where the question's own words say, "trên địa bàn tỉnh" too.
    found += _framed(p, slots.finder(p.analysis.folded, tuple(p.hit.fields.values())))
    found = [c for c in found if not _UNNAMED_PLACE_RE.match(fold(c.value))]  # "tỉnh giai đoạn 2023-2030" names no place
    head = p.analysis.head
    if head in _PLACE_HEADS:
        # "Xã nào …?": a "xã …" beats the "huyện …" written beside it, and the "huyện …" of a passage
        # naming its commune only as "xã biên giới Long Thuận" loses to another passage's "Xã Long Thuận".
        found = [c if fold(c.value).startswith(head + " ") else dataclasses.replace(c, quality=c.quality * 0.5) for c in found]
    return found


_UNNAMED_PLACE_RE = re.compile(r"(?:(?:tren\s+)?dia ban\s+)?(?:tinh|huyen|xa|thanh pho)\s+(?:giai doan|nam|den nam|tu nam|\d)")
"""A place kind followed by a time, not a name: "(trên địa bàn) tỉnh giai đoạn 2023-2030"."""
_SEAT_ASKED_RE = re.compile(r"\b(?:dong|nam|dat|dat tru so|co tru so|tru so)\s+(?:o|tai)\s+(?:dau|noi nao|tinh nao|thanh pho nao)\b")
"""Where a named unit sits ("Trường ĐH Công nghiệp … nằm ở đâu?"), which its name says."""
_SEATED_UNIT_RE = re.compile(r"^\W*(?:(?:cac|nhung)\s+)?(?:truong|dh|dai hoc|hoc vien|vien|trung tam|cong ty|benh vien)\b")
"""The question opens with a unit that carries its seat in its name ("Khu ươm tạo … đặt ở đâu?" asks a site)."""
_ISSUED_AT_ASKED_RE = re.compile(r"\b(?:noi ban hanh|dia danh|ban hanh tai dau|ky tai dau|lam tai dau)\b")
_DATELINE_RE = re.compile(r"(?m)^[\s*#]*([A-ZĐ][^\W\d_]+(?:\s+[A-ZĐ][^\W\d_]+){0,3}),\s*ngày\b")


RANKED_RE = re.compile(r"\b(?:nhieu|lon|dong)\s+nhat\b")
""""… nhóm nào chiếm số lượng nhiều nhất?": the largest share of a breakdown the passage writes."""


def _largest_share(p: Passage) -> list[Candidate]:
    """For "… nhiều nhất?": the largest share of a breakdown, read across the passage's sentences
    ("(06 nhiệm vụ …; 03 nhiệm vụ …)" is split at its semicolons).
    """
    if not RANKED_RE.search(p.analysis.folded):
        return []
    return [found for m in pat.largest_share(p.hit.text) if (found := p.whole(m.value, "text", 1.2, 1.0))]


def _framed(p: Passage, finder: FinderFn | None) -> list[Candidate]:
    """Values a frame of the question's own words finds (``slots``), marked as of the asked kind."""
    return [dataclasses.replace(c, origin="kind") for c in p.from_sentences(finder)] if finder is not None else []


_BARE_PLACES = frozenset({"tinh", "huyen", "xa", "thanh pho", "dia phuong", "dia ban", "dia ban tinh", "co so", "nuoc", "trung uong"})
_PLACE_HEADS = frozenset({"xa", "huyen", "tinh", "thanh pho", "thi xa", "phuong", "thi tran", "ap", "thon"})


def listing(p: Passage) -> list[Candidate]:
    """For "những X nào" / "gồm những gì": the list a matching sentence spells out, whole."""
    if not p.analysis.plural:
        return []
    head = p.analysis.head
    return list(p.from_sentences(lambda sentence: pat.enumerations(sentence, head)))


@cache
def _naming_nouns() -> tuple[str, ...]:
    """Folded head nouns of named things ("du an", "chuong trinh"), longest first; "tên" itself aside."""
    return tuple(sorted((fold(n) for n, kind in lexicon().head_nouns.items() if kind == "name" and not fold(n).startswith("ten")),
                        key=len, reverse=True))


def _named_subject(analysis: QuestionAnalysis) -> str:
    """The noun of a thing that names things ("dự án", "chương trình") opening a "… có tên là gì?" question."""
    nouns = _naming_nouns()
    opening = re.sub(r"^\W*(?:ten(?:\s+goi)?\s+(?:cua\s+)?)?(?:(?:cac|nhung)\s+)?", "", analysis.folded)  # "Tên đề án …"
    return next((n for n in nouns if opening.startswith(n + " ")), "")


def _names_after(head: str) -> Callable[[str], Iterator[pat.Match]]:
    """A finder for the name written after the head noun ("Dự án Ứng dụng đèn LED …" for "dự án"),
    cut where the name ends: a clause word, a purpose, the sponsor ("do …").
    """

    def named(sentence: str) -> Iterator[pat.Match]:
        folded = fold(sentence)
        for match in re.finditer(rf"(?<!\w){re.escape(head)}\s+", folded):
            quoted = re.match(r"[“\"]([^”\"\n]{6,200})[”\"]", sentence[match.end() :])
            if quoted:  # 'Đề án "Thực hiện các nhiệm vụ, giải pháp …"': the quoted name whole, commas and all
                yield pat.Match(pat.clean_value(sentence[match.start() : match.end()] + quoted.group(1)), match.start(), 0.85)
                continue
            inside = re.match(r"([^”\"\n]{6,200})[”\"]", sentence[match.start() :])
            if inside and sentence[: match.start()].rstrip().endswith(("“", '"')):
                # '“Chương trình ứng dụng …, đẩy mạnh …, định hướng đến năm 2030”': the head opens the quote
                yield pat.Match(pat.clean_value(inside.group(1)), match.start(), 0.85)
                continue
            tail = sentence[match.start() : match.start() + 160]
            pieces = re.split(r"([;:.()\n]|,\s|\s+(?:nhằm|để|và|trên địa bàn|theo|(?<!tự )do)\s)", tail)
            while len(pieces) > 2 and pieces[1].strip() == "và" and not _starts_new_item(pieces[2], head):
                pieces = [pieces[0] + pieces[1] + pieces[2], *pieces[3:]]  # "khoa học và công nghệ" is one name
            cut = pieces[0]
            acronym = re.match(r"\s*\([A-ZĐ][A-ZĐ0-9&]{1,9}\)", tail[len(cut) :])
            if acronym:
                cut += acronym.group(0)  # "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)": the short name is part of it
            rest = pieces[1:]
            while len(rest) > 1 and rest[0].startswith(",") and rest[1][:1].islower() and len(rest[1].split()) <= 8 and len(cut) < 200:
                # "Đề án kiện toàn cơ cấu, tổ chức bộ máy Sở", "Chương trình …, đẩy mạnh đổi mới sáng tạo
                # đến năm 2025, định hướng đến năm 2030": one name across its commas.
                cut += rest[0] + rest[1]
                rest = rest[2:]
            words = cut.split()
            after = " ".join(_WORD_RE.findall(fold(" ".join(words[len(head.split()) :])))) + " "
            if any(after.startswith(q + " ") for q in lexicon().qualifiers):
                continue  # "các lĩnh vực quan trọng, thiết yếu": a description, not the field's name
            # Two words after the head, or one capitalised ("xếp loại Đạt"): a name, not a stray noun.
            if len(words) >= 2 + len(head.split()) or (len(words) > len(head.split()) and words[len(head.split())][:1].isupper()):
                yield pat.Match(pat.clean_value(cut), match.start(), 0.8)

    return named


_SUBJECT_HEADS = frozenset({"linh vuc", "van de", "chu de", "mang"})


def _subject_of_code(code: str) -> Callable[[str], Iterator[pat.Match]]:
    """A finder for what a cited document is about: "Chương trình hành động số 71-CTr/TU … về
    phát triển và ứng dụng công nghệ sinh học …" answers "71-CTr/TU thuộc lĩnh vực nào?".

    A document that "thực hiện" another takes that one's subject; the first "về" after the
    code opens it, and the subject ends where a purpose, a clause or the next citation starts.
    """
    cited = re.compile(code_pattern(code), re.I)

    def subject(sentence: str) -> Iterator[pat.Match]:
        at = cited.search(sentence)
        if not at:
            return
        window = sentence[at.end() : at.end() + 320]
        # "… của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết 36-NQ/TW … về phát triển …": past
        # "về thực hiện", the subject of the document carried out.
        about = next((m for m in re.finditer(r"\svề\s+(?!việc\b)", window)
                      if not re.match(r"(?:việc\s+)?(?:triển khai\s+)?(?:thực hiện|triển khai)\b", window[m.end() :])), None)
        if not about:
            return
        start = at.end() + about.end()
        end = re.search(r"[,;.()\n]|\s(?:phục vụ|nhằm|để|giai đoạn|đến năm|trên địa bàn|và Kế hoạch|và Quyết định)\s", sentence[start:])
        value = pat.clean_value(sentence[start : start + (end.start() if end else 120)])
        if 2 <= len(value.split()) <= 14:
            yield pat.Match(value, start, 0.85)

    return subject


_HEADING_NAMED_RE = re.compile(
    r"\b(muc|phan|chuong|dieu)\s+(\d{1,2}|[ivx]{1,5})\b(?!\s*[./]\s*\d).*\b(?:la gi|ten (?:la )?gi|co ten (?:la )?gi|ten goi (?:la )?gi)\W*$"
)


def heading_number_asked(folded_question: str) -> re.Pattern[str] | None:
    """A pattern for the folded heading a "mục 6 … là gì?" question names by its number."""
    asked = _HEADING_NAMED_RE.search(folded_question)
    if not asked:
        return None
    kind, number = asked.groups()
    return re.compile(rf"^(?:{kind}\s+)?{number}(?:[.):]|\s+[-–])\s*\S")


def numbered_heading(p: Passage) -> list[Candidate]:
    """"Mục 6 của phần kết quả là gì?", "Tên mục II trong phụ lục là gì?": the heading numbered so
    above the passage names it (its title, without the number).
    """
    wanted = heading_number_asked(p.analysis.folded)
    if wanted is None:
        return []
    for heading in p.hit.chunk.section:
        if wanted.match(" ".join(fold(heading).split())):
            title = pat.heading_name(heading)
            found = p.whole(title, "heading", 1.0, 1.0) if title else None
            if found is not None:
                return [found]
    return []


_MEMBERSHIP_RE = re.compile(rf"\b{MEMBERSHIP_VERBS}\s+(?:muc\s+|phan\s+|nhom\s+|linh vuc\s+)?([a-z]+(?:\s+[a-z]+)?)\s+nao\b")
_LEAD_LABEL_RE = re.compile(r"^\W*([^\n:;.]{3,80}?):")


def category(p: Passage) -> list[Candidate]:
    """"… thuộc công tác nào?", "… được xếp vào mục hoạt động nào?": the heading (or the "Công tác
    pháp chế:" label opening the passage) that the item sits under, not the item the question restates.
    """
    labels = [m.group(1).strip() for m in [_LEAD_LABEL_RE.match(p.hit.text)] if m]
    titles = [pat.heading_name(h) for h in reversed(p.hit.chunk.section)]
    if PLACEMENT_RE.search(p.analysis.folded):
        # "… thuộc mục nào?": a part is named by its title, whatever its first word; the nearest wins,
        # past a unit's own heading ("2.6 Sở Giáo dục và Đào tạo" groups duties, it is no part).
        unit = fold(p.hit.chunk.unit or "")
        for title in titles:
            if not title or len(title) >= 160 or (unit and fold(title) == unit):
                continue
            found = p.whole(pat.clean_value(title), "heading", 1.0, 1.0)
            if found is not None:
                return [found]
        return []
    asked = _MEMBERSHIP_RE.search(p.analysis.folded)
    if not asked:
        return []
    head = asked.group(1)
    for title in [*labels, *titles]:
        if title and fold(title).startswith(head + " ") and len(title) < 160:
            found = p.whole(pat.clean_value(title), "heading", 1.0, 1.0)
            if found is not None:
                return [found]
    return []


def name(p: Passage) -> list[Candidate]:
    """A named thing: a quoted name, the head noun's name in text, or the heading above."""
    by_heading = numbered_heading(p) or category(p)
    if by_heading:
        return by_heading
    if largest := _largest_share(p):
        return largest
    head = re.sub(r"^(?:loai|kieu|dang)\s+(?=\S)", "", p.analysis.head)  # "loại quả nào": a "quả …"
    if head in ("ten", "ten goi"):
        head = _named_subject(p.analysis) or head  # "Dự án … có tên là gì?": the name of a "dự án …"
    listed = listing(p)
    found: list[Candidate] = []
    if head in _SUBJECT_HEADS and p.analysis.codes:
        found += list(p.from_sentences(_subject_of_code(p.analysis.codes[0])))
    if head:
        found += list(p.from_sentences(_names_after(head)))
        if not found:
            # "… được giao ứng dụng công cụ nào …?" where the passage writes "ứng dụng thương mại
            # điện tử …": the thing follows the verb before the head noun.
            found += [dataclasses.replace(c, quality=0.75) for c in p.from_sentences(_after_verb_of(p.analysis), limit=2)]
    # The heading above is the fallback: "… về dự án gì?" is answered by the "Dự án …" the text names.
    near = max((c.closeness for c in found), default=HEADING_CLOSENESS)
    demote = 0.7 if found else 1.0
    # A quoted phrase that is no "<head> …" is a weak guess beside the "chỉ số …" the text names.
    found += [Candidate(c.value, c.origin, 0.7 * (1.0 if fold(c.value).startswith(head) else demote), c.closeness, c.span, c.sentence)
              for c in p.from_sentences(pat.quoted_names)]
    unit = fold(p.hit.chunk.unit or "")
    for depth, heading in enumerate(reversed(p.hit.chunk.section)):
        title = pat.heading_name(heading)
        if unit and title and fold(title) == unit:
            continue  # "4.2.1 Sở Khoa học và Công nghệ" heads a unit's duties: it names no programme
        if title and len(title) < 160 and (not head or head in fold(title) or depth == 0):
            quality = (0.65 if depth == 0 else 0.55) * (1.0 if head in fold(title) else demote)
            closeness = min(HEADING_CLOSENESS, near)
            if head and not _heading_fits(title, head, p.analysis):
                # "… theo hình thức nào?" under "Sở Khoa học và Công nghệ": a heading that is no
                # "hình thức" is a weak guess next to a "hình thức …" another passage spells out.
                quality, closeness = min(quality, 0.4), min(closeness, 0.5)
            found += _first(p.whole(title, "heading", quality, closeness))
    return _lists_first(listed, found)


def _after_verb_of(analysis: QuestionAnalysis) -> Callable[[str], Iterator[pat.Match]]:
    """A finder for what a passage writes after the verb the question puts before "<head> nào"."""
    match = re.search(rf"((?:[a-z0-9&]+\s+){{1,2}}){re.escape(analysis.head)}\s+(?:nao|gi)\b", analysis.folded)
    lead = [w for w in (match.group(1).split() if match else []) if w not in _WEAK_LEADS]
    if lead[-1:] == ["thanh"]:
        # "… được phát triển thành mô hình gì?": the passage's "Phát triển Trạm … thành điểm …" puts
        # the thing between the verb and "thành"; what becomes of it follows "thành" alone.
        return _object_after(["thanh"], "")
    return _object_after(lead, "") if lead else (lambda sentence: iter(()))


_CLASSIFIERS = frozenset({"nhom", "loai", "linh", "vuc", "mang", "phan", "muc", "cac"})


def _heading_fits(title: str, head: str, analysis: QuestionAnalysis) -> bool:
    """Whether a heading can be what "X nào" asks: it names X's core noun, or the question asks
    where something belongs ("… thuộc nhóm hoạt động nào?" is answered by the group heading).
    """
    words = set(_WORD_RE.findall(fold(title)))
    core = [w for w in head.split() if w not in _CLASSIFIERS]
    return head in fold(title) or (bool(core) and all(w in words for w in core)) or bool(re.search(r"\bthuoc\b", analysis.folded))


def _starts_new_item(text: str, head: str) -> bool:
    """After "và": another item ("… và Chương trình B", "… và Sở Tài chính") rather than the name going on."""
    folded = fold(text).lstrip()
    return folded.startswith(head + " ") or pat.opens_with_unit(text) or folded.startswith(("cac ", "nhung "))


def _lists_first(listed: list[Candidate], others: list[Candidate]) -> list[Candidate]:
    """A plural question is answered by a list: single values lose to one when the passage has it."""
    if not listed:
        return others
    return listed + [dataclasses.replace(c, quality=c.quality * 0.6) for c in others]


def product(p: Passage) -> list[Candidate]:
    """The product or result: its column, or what follows "sản phẩm" in text."""
    found: list[Candidate] = []
    cell = pat.field_for(p.hit.fields, "product")
    if cell:
        found += _first(p.whole(cell[1], "field", 1.0))

    def after_cue(sentence: str) -> Iterator[pat.Match]:
        match = re.search(r"(?:[Ss]ản phẩm|[Kk]ết quả dự kiến|[Kk]ết quả)\s*(?:là|gồm|:)\s*([^;.\n]{4,200})", sentence)
        if match:
            yield pat.Match(pat.clean_value(match.group(1)), match.start(1), 0.8)
    found += list(p.from_sentences(after_cue))
    found += object_of_gi(p)
    if p.analysis.head == "san pham" and not found and p.hit.rank == 1:
        # "… cho sản phẩm nào?" against "… phát triển sản phẩm nước ép từ quả mãng cầu": the name after the noun.
        named = p.from_sentences(_names_after("san pham"))
        found += [dataclasses.replace(c, value=re.sub(r"^[Ss]ản phẩm\s+", "", c.value), quality=0.75) for c in named]
    return _lists_first(listing(p), found)


_LIST_MARK = re.compile(r"^\s*(?:[-+•*–]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s+")
_SECTION_ASKED = re.compile(r"\b(dieu|phan|muc|chuong|khoan)\s+(\d+|[ivx]+)\b")


def _quoted_after_head(p: Passage) -> list[Candidate]:
    """The quoted name a sentence gives right after the head noun asked ("nhiệm vụ … “Xây dựng …”")."""
    head = p.analysis.head
    if not head or p.analysis.plural:
        return []

    def finder(sentence: str) -> Iterator[pat.Match]:
        folded = fold(sentence)
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(head)}(?![a-z0-9])", folded):
            quoted = re.match(r"(?:\s+[^\s“\"]+){0,6}?\s*[“\"]([^”\"\n]{6,180})[”\"]", sentence[match.end() :])
            if quoted:
                yield pat.Match(pat.clean_value(quoted.group(1)), match.end() + quoted.start(1), 0.9)

    return list(p.from_sentences(finder, limit=2))


def _asked_section(p: Passage) -> str | None:
    """The heading the question names ("Điều 2 quy định gì?") when the passage sits under it."""
    match = _SECTION_ASKED.search(p.analysis.folded)
    if not match:
        return None
    wanted = f"{match.group(1)} {match.group(2)}"
    for heading in p.hit.chunk.section:
        folded = " ".join(fold(heading).split())
        if folded.startswith(wanted) and not folded[len(wanted) : len(wanted) + 1].isalnum():
            return pat.clean_value(normalize_text(heading))
    return None


_OBJECT_END = re.compile(r"[;,.:()\n]|\s(?:nhằm|để|nhằm mục đích|theo|tại|trên địa bàn|giai đoạn)\s")
_OBJECT_END_SOFT = re.compile(r"[;.:()\n]|\s(?:nhằm|để|theo|tại|trên địa bàn|giai đoạn|năm \d{4})\b")


def object_of_gi(p: Passage) -> list[Candidate]:
    """For "<verb> gì": what the passage writes after that verb, up to where the question goes on.

    "… hỗ trợ phát triển gì cho các sản phẩm …?" is answered by "tài sản trí tuệ" in
    "… hỗ trợ phát triển tài sản trí tuệ cho các sản phẩm …": the words before "gì"
    find the spot, the word after "gì" (or a clause boundary) ends the object.
    """
    a = p.analysis
    match = re.search(r"((?:[a-z0-9&]+\s+){1,2})(?:cai\s+)?gi\b\s*([a-z0-9&]+)?", a.folded)  # "giao … cái gì"
    if a.qword not in ("gi", "la gi") or not match or a.head:
        return []
    lead, follow = match.group(1).split(), match.group(2) or ""
    # "X là gì?" asks a definition (whole sentences answer it); "X thực sự là gì của Y?" has a slot.
    if (lead[-1] == "la" and not (follow and len(lead) == 2)) or lead[-1] == "ten" or all(w in _WEAK_LEADS for w in lead):
        return []

    # "tham mưu hợp tác gì": after a verb ("tham mưu"), the words before "gì" are the noun whose kind is asked.
    noun_asked = bool(re.search(rf"\b(?:{_VERBS_BEFORE_NOUN})\s+{re.escape(' '.join(lead))}\s+(?:cai\s+)?gi\b", a.folded))
    return list(p.from_sentences(_object_after(lead, follow, keep_lead=noun_asked), limit=2))


def _object_after(lead: list[str], follow: str, keep_lead: bool = False) -> Callable[[str], Iterator[pat.Match]]:
    """A finder for what a sentence writes after the words ``lead``, up to ``follow`` or a clause end
    (said with ``lead`` in front when ``keep_lead``).
    """

    def finder(sentence: str) -> Iterator[pat.Match]:
        folded = fold(sentence)
        for found in re.finditer(rf"(?<![a-z0-9]){re.escape(' '.join(lead))}\s+", folded):
            rest, start = sentence[found.end() :], found.end()
            stop = _OBJECT_END.search(rest)
            after = re.search(rf"\s{re.escape(follow)}\b", fold(rest)) if follow else None
            if after is not None:
                stop = after if stop is None or after.start() < stop.start() else stop
            else:
                stop = _OBJECT_END_SOFT.search(rest)  # nothing to end on: a comma may sit inside ("bức xạ, hạt nhân")
            value = pat.clean_value(rest[: stop.start()] if stop else rest[:120]).strip("\"“”' ")  # said, not quoted
            named = sentence[found.start() : found.end()].strip()
            if named[:1].isupper() or keep_lead:
                # "phê duyệt Phương án tự chủ …": a capitalised noun opens the name; "tham mưu hợp
                # tác gì": the kind of "hợp tác" is said with it ("hợp tác quốc tế về KH&CN").
                value, start = f"{named} {value}", found.start()
            if 1 <= len(value.split()) <= 14:
                yield pat.Match(value, start, 0.9)

    return finder


_VERBS_BEFORE_NOUN = "tham muu|thuc hien|trien khai|to chuc|xay dung|de xuat|ky ket|ky"
_WEAK_LEADS = frozenset({"co", "duoc", "cac", "nhung", "va", "cho", "voi", "de"})


SET_ASIDE_SHARE = 0.6
"""Share of a sentence's words that what "ngoài X" names must make up for the sentence to be X."""


def _not_set_aside(p: Passage) -> tuple[tuple[tuple[int, int], float], ...]:
    """The passage's ranked sentences less the one that says what "ngoài X" sets aside.

    "… còn phải rà soát gì ngoài tham mưu nhiệm vụ của BCĐ 389?": the sentence saying X matches
    best and answers nothing; the next one does. A sentence that goes on well past X ("Ngoài các
    nhiệm vụ được giao tại Kế hoạch này, đề nghị … thực hiện tốt các nhiệm vụ thường xuyên …")
    answers and stays.
    """
    if not p.analysis.excluded:
        return p.sentences
    aside = set(p.analysis.excluded)

    def is_aside(span: tuple[int, int]) -> bool:
        words = set(_WORD_RE.findall(fold(p.sentence_text(span)))) - lexicon().stop_words
        return aside <= words and len(words & aside) >= SET_ASIDE_SHARE * len(words)

    return tuple(s for s in p.sentences if not is_aside(s[0]))


def _name_quoted(p: Passage) -> list[Candidate]:
    """"… tên là gì?": the name the best sentence quotes, said without its quote marks."""
    if not re.search(r"\bten\b(?:\s+goi)?\s+(?:la\s+)?gi\b|\bco ten\b", p.analysis.folded):
        return []
    return [dataclasses.replace(c, quality=0.9) for c in p.from_sentences(pat.quoted_names, limit=1)]


def sentences(p: Passage, limit: int = 2) -> list[Candidate]:
    """The one or two sentences that best match (for open questions): whole sentences only.

    List markers ("b)", "-") are dropped; when the question names a section
    ("Điều 2 quy định gì?"), its heading opens the answer.
    """
    if not p.sentences:
        return []
    # "nhóm nhiệm vụ nào nhiều nhất" reads as open; "… đó là nhiệm vụ gì?" is the task's quoted name,
    # not the sentence around it.
    shaped = numbered_heading(p) or _largest_share(p) or listing(p) or _quoted_after_head(p) or object_of_gi(p) or _name_quoted(p)
    if shaped:
        return shaped
    heading = _asked_section(p)
    content = pat.field_for(p.hit.fields, "content")
    if content and not heading:
        cell = p.whole(content[1], "field", 0.85, max(HEADING_CLOSENESS, p.sentences[0][1]))
        if cell:
            return [cell]
    ranked = _not_set_aside(p)
    if not ranked:
        return []
    (span, score), rest = ranked[0], ranked[1:limit]
    if p.analysis.answer_type != "yes_no":  # a claim is checked against its own clause
        span = _through_parentheses(p.hit.text, span)
    text = _LIST_MARK.sub("", p.sentence_text(span))
    announced = _announced_items(p, span)
    if announced:
        # "Đã ban hành 04 Kế hoạch có liên quan, cụ thể:": what it announces is the answer.
        items, end = announced
        body = f"{text.rstrip(' :')}: {'; '.join(items)}"
        return [Candidate(body, "sentence", 0.85, score, (span[0], end), body)]
    if (aspect := _aspect_sentence(p, span)) is not None:
        # "Kết quả là gì khi kiểm định 163 phương tiện đo?": "… 163 phương tiện đo … của 50 cơ sở. Kết quả
        # đều đạt yêu cầu." The sentence the topic matches sets the scene; the next one, opening with
        # the aspect asked, says it.
        body = f"{text.rstrip(' .;,:')}; {_LIST_MARK.sub('', p.sentence_text(aspect))}"
        return [Candidate(body, "sentence", 0.85, score, (span[0], aspect[1]), body)]
    if rest and rest[0][1] > 0 and rest[0][1] >= 0.6 * score and len(text) < 140:
        second = rest[0][0]
        first, last = sorted([span, second])
        text = f"{_LIST_MARK.sub('', p.sentence_text(first)).rstrip(' .;,:')}; {_LIST_MARK.sub('', p.sentence_text(last))}"
        span = (first[0], last[1])
    if heading:
        body = text if fold(text).startswith(fold(heading)[:20]) else f"{heading.rstrip(' .:')}: {text}"
        return [Candidate(body, "sentence", 0.9, max(score, 1.0), span, text)]
    return [Candidate(text, "sentence", 0.8, score, span, text)]


@lru_cache(maxsize=256)
def _aspect_asked(folded_question: str) -> str:
    """The aspect an open question asks ("kết quả" of "kết quả là gì khi …", "cho kết quả ra sao"), "" when none."""
    if not re.search(r"\b(?:la gi|ra sao|the nao)\b", folded_question):
        return ""
    return next((a for a in lexicon().aspect_nouns if re.search(rf"\b{a}\b", folded_question)), "")


def _aspect_sentence(p: Passage, span: tuple[int, int]) -> tuple[int, int] | None:
    """The sentence right after ``span`` that opens with the aspect asked and is not the topic sentence."""
    aspect = _aspect_asked(p.analysis.folded)
    if not aspect or fold(p.sentence_text(span)).lstrip(" -+•*").startswith(aspect):
        return None
    following = [s for s in split_sentences(p.hit.text) if s[0] >= span[1]][:1]
    for start, end in following:
        if "\n\n" not in p.hit.text[span[1] : start] or start - span[1] < 4:
            body = fold(_LIST_MARK.sub("", p.sentence_text((start, end)))).lstrip()
            if re.match(rf"{aspect}\b", body) and len(body.split()) > len(aspect.split()) + 1:
                return start, end
    return None


PARENTHESIS_REACH = 300
"""How far a closing parenthesis may be for a sentence to run on to it (converters drop some)."""


def _through_parentheses(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span run on to the end of a parenthesis it opens: "(06 nhiệm vụ …; 03 nhiệm vụ …)" is one
    breakdown, though the sentence splitter cuts it at the semicolon.
    """
    start, end = span
    if text.count("(", start, end) <= text.count(")", start, end):
        return span
    closed = text.find(")", end, end + PARENTHESIS_REACH)
    if closed < 0 or "\n\n" in text[end:closed]:
        return span
    after = next((e for s, e in split_sentences(text) if e > closed), closed + 1)
    return start, after


ANNOUNCED_ITEMS = 6
"""Items of an announced list an answer states; the citation shows the rest."""


def _announced_items(p: Passage, span: tuple[int, int]) -> tuple[list[str], int] | None:
    """The list items that follow a sentence ending with a colon, and where the last one ends."""
    if not p.hit.text[span[0] : span[1]].rstrip().endswith(":"):
        return None
    items: list[str] = []
    end = span[1]
    for line in re.finditer(r"[^\n]+", p.hit.text[span[1] :]):
        if not _LIST_MARK.match(line.group(0)) or len(items) >= ANNOUNCED_ITEMS:
            break
        items.append(pat.plain(_LIST_MARK.sub("", line.group(0))).strip().rstrip(" .;,"))
        end = span[1] + line.end()
    return (items, end) if items else None


_ISSUED_RE = r"\s*(?:của\s+[^,.;]{0,60}?\s*)?ngày\s*(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})"


def code_pattern(code: str) -> str:
    """A regex for a document code that tolerates spaces around ``/`` and ``-`` and a typed "d" for "đ"."""
    parts = re.split(r"([/-])", code)
    pattern = "".join(r"\s*" + re.escape(part) + r"\s*" if part in "/-" else re.escape(part) for part in parts)
    return re.sub("[dđ]", "[dđ]", pattern)  # typed "qd-ubnd" is "QĐ-UBND" (matched with re.I)


_TERM_RE = re.compile(r"\s+(kh[oó]a\s+[IVXLC]+)\b")
_ISSUER_AFTER_RE = re.compile(r"\s*của\s+((?:[^,;.()\n]|\n(?=\S))+?)(?=\s+(?:về|kiểm tra|triển khai|ban hành|phê duyệt|quy định|thực hiện|khóa|khoá)\b|[,;.()]|\s*$)", re.I)
_ASKS_ISSUER_RE = re.compile(
    r"\b(?:ai|co quan nao|don vi nao|cap nao|noi nao)\s+(?:ban hanh|ky|phat hanh)\b|\bdo\s+(?:ai|co quan nao|don vi nao|cap nao)\b"
    r"|\bcua\s+(?:ai|co quan nao|cap nao|dau)\b|\bban hanh boi\b"
)


def asks_issuer(analysis: QuestionAnalysis) -> bool:
    """E.g. "Kế hoạch 3680/KH-TĐC do ai ban hành?": who issued a document, not when."""
    return bool(_ASKS_ISSUER_RE.search(analysis.folded))


def _cited(p: Passage) -> tuple[re.Match[str], str, str, str] | None:
    """(match, label, date, issuer) for the document the question names by code, as the passage cites it."""
    own = (p.hit.meta.number or "").replace(" ", "").lower()
    # The first code names the document asked about; later ones only describe it.
    for code in p.analysis.codes[:1]:
        if code == own:
            continue
        match = re.search(rf"(?:(?:{pat.DOC_KINDS})\s+(?:số\s+)?)?" + code_pattern(code) + _ISSUED_RE, p.hit.text, re.I)
        if match:
            date = re.sub(r"\s+", "", match.group(1)) if "/" in match.group(1) else match.group(1)
            label = re.sub(r"(?<=\d)-\s+", "-", re.sub(r"\s+", " ", p.hit.text[match.start() : match.start(1)]))
            before = re.search(r"của\s+(.+?)\s*ngày\s*$", label)
            label = re.sub(r"\s*(?:của .*)?ngày\s*$", "", label).strip()
            after = _ISSUER_AFTER_RE.match(p.hit.text, match.end())
            issuer = " ".join((after.group(1) if after else before.group(1) if before else "").split())
            term = _TERM_RE.match(p.hit.text, after.end()) if after else None
            if term:
                issuer += " " + " ".join(term.group(1).split())  # "Ban Chấp hành Đảng bộ tỉnh khóa XIV"
            return match, label, date, issuer
    return None


def cited_document_date(p: Passage, *, value_only: bool = False) -> Candidate | None:
    """Issue date of a document the question names by its code ("Nghị quyết 14-NQ/TU … ngày nào?").

    Plans cite other documents as "<code> ngày dd/mm/yyyy của <cơ quan>"; when the
    question names a code that is not the indexed document's own number, that date
    (and the issuer the citation names) is the answer, not the plan's own metadata.
    """
    cited = _cited(p)
    if cited is None:
        return None
    match, label, date, issuer = cited
    if value_only:
        value = date
    else:
        value = f"{label} ban hành ngày {date}" + (f" của {issuer}" if issuer else "")
    end = match.end() + (len(issuer) + 5 if issuer else 0)
    quality = 1.0 if issuer or not asks_issuer(p.analysis) else 0.6  # "do ai ban hành" wants the issuer said
    return Candidate(value, "text", quality, 1.0, match.span(), pat.plain(p.hit.text[match.start() : end]))


@lru_cache(maxsize=256)
def _numbers_after_so(folded_question: str) -> tuple[str, ...]:
    """Numbers a question gives after "số" without the rest of a code ("văn bản phối hợp số 69",
    "văn bản … số 13/2016" for "Quyết định số 13/2016/QĐ-UBND"): a number and its year name it too.
    """
    return tuple(n for n in re.findall(r"\bso\s+(\d{1,5}(?:/(?:19|20)\d\d)?)\b(?!\s*[/.,-]\s*\d)", folded_question)
                 if not re.fullmatch(r"(?:19|20)\d\d", n))


def numbered_reference_date(p: Passage, numbers: tuple[str, ...]) -> list[Candidate]:
    """The date of the document whose code opens with the number the question gives ("số 69"
    for "Kế hoạch số 69/KHPH-LHH-KHCN ngày 22/12/2023"); a number names it as well as its code.
    """
    found = []
    for match in pat.DOC_REF_RE.finditer(p.hit.text):
        code = re.sub(r"\s+", "", match.group("code"))
        if match.group("date") and any(code.startswith(n + "/") for n in numbers):
            date, span = _reference_date(match)
            found.append(Candidate(date, "text", 1.0, 1.0, span, pat.plain(match.group(0))))
    return found


def _reference_date(match: re.Match[str]) -> tuple[str, tuple[int, int]]:
    """The date a ``DOC_REF_RE`` citation carries ("10/12/2021") and where it is written."""
    written = re.sub(r"^\s*ngày\s+", "", match.group("date"))
    start = match.start("date") + match.group("date").index(written)
    return re.sub(r"\s*/\s*", "/", written), (start, start + len(written))


DESCRIBED_SHARE = 0.75
"""Share of the question's words a citation must write after its code to be the document asked."""
_ISSUE_ASKED_RE = re.compile(r"\b(?:ban hanh|(?<!dinh )ky|phat hanh|ra doi|thong qua)\b")  # not "định kỳ"
_ISSUE_WORDS = frozenset({"ban", "hanh", "ky", "phat", "ra", "doi", "thong", "qua", "ngay", "nao", "vao", "duoc", "khi", "bao", "gio"})


@cache
def _document_kind_words() -> dict[str, frozenset[str]]:
    """Folded document kinds ("quyet dinh") with their words, longest first."""
    return {k: frozenset(k.split()) for k in lexicon().folded_kinds}


GENERIC_KIND = "van ban"
""""Văn bản …" describes a document of any kind ("văn bản định mức … số 13/2016" is a Quyết định)."""


@lru_cache(maxsize=256)
def _kind_described(folded_question: str) -> str:
    """The document kind a question describes, wherever it stands ("Ban Thường vụ ký chỉ thị về …
    lúc nào?", "… nghị quyết đó ra đời khi nào?"): the first kind written, longest form first.
    """
    kinds = [*_document_kind_words(), GENERIC_KIND]
    found = [(m.start(), -len(k), k) for k in kinds if (m := re.search(rf"\b{k}\b", folded_question))]
    return min(found)[2] if found else ""


def described_document_date(p: Passage, *, value_only: bool = True) -> list[Candidate]:
    """"Quyết định giao dự toán ngân sách năm 2022 ký ngày nào?": a cited document the question
    describes instead of numbering, dated where the passage cites it.

    Plans cite "Quyết định số 3399/QĐ-UBND ngày 10/12/2021 của Chủ tịch UBND tỉnh về giao dự
    toán …": the date after the code is the answer when the words around the citation (its
    issuer and subject) are the question's own; the date-finder skips such dates otherwise.
    """
    a = p.analysis
    kind = _kind_described(a.folded)
    if not kind or not _ISSUE_ASKED_RE.search(a.folded):
        return []
    asked = set(a.topic) - _document_kind_words().get(kind, frozenset(kind.split())) - _ISSUE_WORDS
    if len(asked) < 2:
        return []
    meta = p.hit.meta
    own = set(_WORD_RE.findall(fold(" ".join(filter(None, (meta.title, meta.issuer, meta.province, str(meta.year or "")))))))
    own_share = len(asked & own) / len(asked)  # the document itself, described by its own title
    issuer_asked = _issuer_asked(a)
    found: list[Candidate] = []
    text = p.hit.text
    for match in pat.DOC_REF_RE.finditer(text):
        if not match.group("date") or kind not in (fold(match.group("kind")), GENERIC_KIND):
            continue
        if issuer_asked and not (_issuer_fit(match.group(0), issuer_asked) >= 1.0 or _code_of_issuer(match.group(0), issuer_asked)):
            continue  # "Nghị quyết của HĐND tỉnh …" is not the Tỉnh ủy's "Nghị quyết số 14-NQ/TU"
        window = re.split(r"[;\n]", text[match.end() : match.end() + 240], maxsplit=1)[0]
        following = pat.DOC_REF_RE.search(window)  # the next citation describes another document
        rest = window[: following.start()] if following else window
        described = set(_WORD_RE.findall(fold(" ".join((match.group("code"), match.group("of") or "", rest)))))
        share = len(asked & described) / len(asked)
        if share >= DESCRIBED_SHARE and share > own_share:
            value, span = _reference_date(match)
            if not value_only:  # "Quyết định số 3399/QĐ-UBND ban hành ngày 10/12/2021 của Chủ tịch UBND tỉnh"
                label = " ".join(text[match.start() : match.start("date")].split())
                issuer = " ".join((match.group("of") or "").split())
                value = f"{label} ban hành ngày {value}" + (f" {issuer}" if issuer else "")
            found.append(Candidate(value, "text", 1.0, share, span, pat.plain(text[match.start() : match.end() + len(rest)])))
    return found


def cited_issuer(p: Passage) -> list[Candidate]:
    """Who issued or signed a cited document ("… ngày 10/12/2021 của Chủ tịch UBND tỉnh")."""
    cited = _cited(p)
    if cited is None or not cited[3]:
        return []
    match, label, date, issuer = cited
    return [Candidate(issuer, "text", 0.75, 1.0, find_span(p.hit.text, issuer.split()[0]) or match.span(),
                      f"{label} ngày {date} của {issuer}")]


def _names_another_code(p: Passage) -> bool:
    """True when the document asked about is one the question names by a code not this document's own.

    "Ai ký Quyết định số 3399/QĐ-UBND?" asks about the decision; "Ai ký Kế hoạch
    thực hiện Nghị quyết 08-NQ/TU?" about the plan, which the code only describes.
    """
    own = (p.hit.meta.number or "").replace(" ", "").lower()
    codes = [code for code in p.analysis.codes[:1] if code != own]
    if not codes:
        return False
    first = _kinds_re().search(p.analysis.folded)
    if first is None:
        return True
    follows = re.match(r"\s+(?:so\s+)?(\S+)", p.analysis.folded[first.end() :])
    return bool(follows) and fold(codes[0]).split("/")[0] in follows.group(1)


def document_info(p: Passage) -> list[Candidate]:
    """Number, issue date and issuer of the document (or of a document it cites by code)."""
    from khcn_qa.answer.cite import display_date

    asks_number = any(cue in p.analysis.folded for cue in ("so hieu", "ky hieu", "so van ban"))
    cited = None if asks_number else cited_document_date(p)
    if cited is not None:
        return [cited]
    if not asks_number and not p.analysis.codes and (described := described_document_date(p, value_only=False)):
        return described  # "Quyết định giao dự toán năm 2022 ban hành ngày nào?": a plan cites it, dated
    if _names_another_code(p) and not asks_number:
        return []  # "Kế hoạch 3668/KH-UBND ban hành ngày nào?": this plan's own date is no answer
    meta = p.hit.meta
    named = _kinds_named(p.analysis)
    issuer_asked = _issuer_asked(p.analysis)
    # Another document's number must be of the kind and issuer named ("Nghị quyết của HĐND tỉnh …").
    refs = [
        dataclasses.replace(c, quality=0.85) for c in document_ref(p)
        if (not named or fold(c.value).startswith(tuple(named)))
        and (_issuer_fit(c.value, issuer_asked) >= 1.0 or _code_of_issuer(c.value, issuer_asked))
    ] if asks_number else []
    if named and meta.doc_type and fold(lexicon().document_kind_label(meta.doc_type)) not in named:
        return refs  # "Nghị quyết … có số hiệu là gì?" is not answered by a report's own number
    issuer = re.search(r"\bcua\s+(so|ubnd|uy ban)\b", p.analysis.folded)
    if issuer and meta.issuer and not fold(meta.issuer).startswith({"so": "so", "ubnd": "u", "uy ban": "u"}[issuer.group(1)]):
        return refs  # "Kế hoạch … của Sở KH&CN" is not the UBND's plan, nor the other way round
    parts: list[str] = []
    number = meta.number if meta.number and meta.number[:1].isdigit() else None
    if number:
        parts.append(f"số hiệu {number}")
    elif meta.number and meta.number.startswith("/"):
        parts.append(f"ký hiệu {meta.number} (văn bản chưa điền số)")
    if meta.date:
        parts.append(f"ngày ban hành {display_date(meta.date)}")
    if meta.issuer:
        parts.append(f"cơ quan ban hành {meta.issuer}")
    if not parts:
        return refs
    span = find_span(p.hit.text, number) if number else None
    return [Candidate("; ".join(parts), "meta", 1.0, _about_this_document(p), span, ""), *refs]


@cache
def _kinds_re() -> re.Pattern[str]:
    """Any document kind word, folded, longest first (compiled once, not per passage)."""
    kinds = "|".join(re.escape(k) for k in lexicon().folded_kinds)
    return re.compile(rf"\b(?:{kinds})\b")


@lru_cache(maxsize=256)
def _kinds_named(analysis: QuestionAnalysis) -> frozenset[str]:
    """Document kinds (folded labels) the question names without a code ("kế hoạch … năm 2025", "nghị quyết của HĐND").

    A kind followed by its code ("Quyết định 50/QĐ-UBND") is a cited document, read elsewhere.
    """
    found = set()
    for match in _kinds_re().finditer(analysis.folded):
        if not re.match(r"\s+(?:so\s+)?\d", analysis.folded[match.end() :]):
            found.add(match.group(0))
    return frozenset(found)


def _about_this_document(p: Passage) -> float:
    """How much the question is about the passage's own document (its title), not one it cites."""
    from khcn_qa.answer.scoring import folded_tokens

    meta = p.hit.meta
    title = " ".join(x for x in (meta.title, meta.doc_type, meta.number, meta.issuer, str(meta.year or "")) if x)
    words = set(folded_tokens(title))
    weights = {w: v for w, v in p.weights.items() if w not in ("so", "hieu", "ban", "hanh", "ngay")}
    total = sum(weights.values()) or 1.0
    return sum(v for w, v in weights.items() if w in words) / total


_EXPANSION_LINKS = frozenset({"cua", "voi", "ve", "qua", "thuoc", "cho", "vao", "theo", "de", "la", "tai", "trong"})
_EXPANSION_WORDS = 12


def expansion(p: Passage) -> list[Candidate]:
    """What an acronym stands for, as the passage spells it out before "(PII)".

    Plans define a term once, in passing: "… xác định chỉ số đổi mới sáng tạo cấp
    địa phương (PII) năm 2024". The term runs back from the parenthesis to the
    nearest punctuation, number or linking word ("của", "với"), and starts at a
    term head ("chỉ số") when one opens it, so a leading verb is not part of it.
    """
    acronym = p.analysis.defines
    text = " ".join(p.hit.text.split())
    found: list[Candidate] = []
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        words = text[: match.start()].split()[-_EXPANSION_WORDS * 2 :]
        term: list[str] = []
        for word in reversed(words):
            bare = word.strip(",;:.+-–—“”\"'")
            if bare != word and term or not bare or any(ch.isdigit() for ch in bare) or fold(bare) in _EXPANSION_LINKS:
                break
            term.insert(0, bare)
            if bare != word:
                break
        heads = [i for i in range(len(term)) if any(fold(" ".join(term[i : i + n])) in lexicon().term_heads for n in (1, 2, 3))]
        if heads:
            term = term[heads[0] :]
        term = _initials_suffix(term, acronym) or term[-_EXPANSION_WORDS:]
        if len(term) < 2:
            continue
        value = " ".join(term)
        if supports(p.hit, value):
            found.append(Candidate(value, "text", 1.0, 1.0, find_span(p.hit.text, value), text))
    return found or _spelled_by_initials(p, acronym, text)


SPELLED_QUALITY = 0.8
"""An expansion found by its initials alone is a good guess, weaker than one the passage defines."""


def _spelled_by_initials(p: Passage, acronym: str, text: str) -> list[Candidate]:
    """Words whose initials spell a Vietnamese acronym the passage never defines: "CTHĐ số 71-CTr/TU"
    in one place, "Chương trình hành động số 71-CTr/TU" in another.
    """
    for value in pat.spelled_by_initials(text, acronym):
        if supports(p.hit, value):
            quality = SPELLED_QUALITY if value[:1].isupper() else SPELLED_QUALITY * 0.8
            return [Candidate(value, "text", quality, 0.8, find_span(p.hit.text, value), text)]
    return []


def _initials_suffix(term: list[str], acronym: str) -> list[str]:
    """The words of ``term`` whose initials spell ``acronym`` ("Sở Khoa học và Công nghệ" → its
    last four for KH&CN); [] when none do, as for English acronyms (PII, PCI).
    """
    letters = [ch for ch in fold(acronym) if ch.isalpha()]
    for start in range(len(term)):
        initials = [fold(w)[:1] for w in term[start:] if fold(w) not in ("va", "&")]
        if initials == letters:
            return term[start:]
    return []
