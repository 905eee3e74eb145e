"""What a question asks for, read from Vietnamese question grammar.

A Vietnamese question names its answer's type with a question word ("ai",
"bao nhiêu", "khi nào", "có … không") or with the head noun before "nào"
("đơn vị nào" → an organisation, "quyết định nào" → a document reference,
"giai đoạn nào" → a time). The word may open, sit inside or close the
question ("Việc X do ai đảm nhận?"), so position never matters here. Rules
run on folded text, because staff type without accents as often as with;
all word lists come from :mod:`khcn_qa.lexicon`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from khcn_qa.answer.chatter import without_chatter
from khcn_qa.answer.parts import NumberedPart, numbered_part
from khcn_qa.lexicon import lexicon, nouns_of_kind
from khcn_qa.text.normalize import fold, has_diacritics, match_key, normalize_text

ANSWER_TYPES = (
    "org", "person", "signer", "doc_info", "doc_ref", "time", "duration", "number", "place",
    "name", "product", "yes_no", "open", "reason", "expansion",
)  # fmt: skip
_LEGACY_INTENTS = {"time": "when", "number": "how_many", "open": "about", "reason": "about", "expansion": "about"}
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_NUMBER_RE = re.compile(r"\d+(?:[.,/]\d+)*")
_MONTH_RE = re.compile(r"\bthang\s+(\d{1,2})(?:\s*/\s*|\s+nam\s+)(\d{4})\b")
_QUARTER_RE = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")


def quarters_in(folded: str) -> tuple[str, ...]:
    """Quarters a folded text names ("quý 3", "quý III"), as folded Roman numerals, in order."""
    roman = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}
    return tuple(dict.fromkeys(roman.get(q, q) for q in _QUARTER_RE.findall(folded)))


_TAG = r"\b(?:co\s+)?(?:dung|phai)\s+(?:chu|vay|the|nhi)(?:\s+khong)?"
"""Tags that turn a statement into a yes/no question: "…, đúng chứ?", "…, có phải vậy?"."""
_YES_NO_RE = re.compile(rf"(?:\b(?:co|da|duoc|phai)\b.*\b(?:khong|chua)|\b(?:dung|phai) khong|\bhay khong|\bhay chua|{_TAG})\W*$")
_TAG_RE = re.compile(rf"{_TAG}\W*$")
_CAPITAL_NAME_RE = re.compile(r"(?<![\w])([A-ZĐ][^\W\d_]+(?:\s+[A-ZĐ][^\W\d_]+){1,4})")


@dataclass(frozen=True)
class QuestionAnalysis:
    """A question reduced to what the readers need.

    ``topic_sequence`` keeps ``None`` where a question word, head noun or
    stop word was removed, so bigrams are only formed from words that were
    adjacent in the question.
    """

    question: str
    folded: str
    answer_type: str
    role: str
    qword: str
    head: str
    topic_sequence: tuple[str | None, ...]
    years: tuple[str, ...]
    numbers: tuple[str, ...]
    months: tuple[tuple[int, str], ...] = ()
    quarters: tuple[str, ...] = ()
    """Quarters named ("quý III"), as folded Roman numerals."""
    provinces: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    count_noun: tuple[str, ...] = ()
    off_domain: tuple[str, ...] = ()
    plural: bool = False
    """Several values are asked ("những lĩnh vực nào", "gồm những gì"): a list answers."""
    tokens: tuple[str, ...] = ()
    """Every folded word of the question, aligned with ``topic_sequence``."""
    soft_stops: tuple[int, ...] = ()
    """Positions dropped only because, typed without accents, they read as a stop word: "de tai"
    may be "đề tài" or "để tại", "day nhanh" "đẩy nhanh". :func:`with_compounds` restores them
    when the passages write the pair as content words."""
    recipients: bool = False
    """The document's own recipient list is asked ("Nơi nhận gồm những ai?", "Báo cáo … gửi đi đâu?")."""
    duty: bool = False
    """The question asks what a named unit does ("Sở Tài chính có nhiệm vụ gì?"): the passage that
    unit heads answers it."""
    excluded: tuple[str, ...] = ()
    """Folded content words of what "Ngoài X, … còn … nào nữa?" sets aside: X is not the answer."""
    defines: str = ""
    """The acronym a "PII là gì?" / "PCI viết tắt của gì?" question asks to spell out."""
    role_stated: bool = False
    """The question names the role (chủ trì, phối hợp, chỉ đạo); otherwise ``role`` is only the default."""
    archive: bool = False
    """Where the document's own copies are filed is asked ("Kế hoạch … lưu ở đâu?"): its "Lưu: VT, VP" line."""
    counted: tuple[str, str] | None = None
    """A count the question itself states, as (number, folded noun): "11 nhiệm vụ hỗ trợ … gồm những
    gì?" is about the sentence that counts "11 nhiệm vụ", not one that dates something "11/01"."""
    numbered: NumberedPart | None = None
    """A part the question names by its number ("mục II.11", "nhiệm vụ số 14")."""

    @property
    def empty(self) -> bool:
        """True for a question with no word to look for ("?", "...")."""
        return not _TOKEN_RE.search(self.folded)

    @property
    def intent(self) -> str:
        """The older, coarser name of the answer type (``who_lead``, ``when`` …) shown in ``--json``."""
        if self.answer_type == "org":
            return {"coordinate": "who_coordinate"}.get(self.role, "who_lead")
        return _LEGACY_INTENTS.get(self.answer_type, self.answer_type)

    @property
    def topic(self) -> tuple[str, ...]:
        """Distinct topic words in question order."""
        return tuple(dict.fromkeys(w for w in self.topic_sequence if w is not None))

    @property
    def topic_bigrams(self) -> tuple[tuple[str, str], ...]:
        """Adjacent topic-word pairs; they reward passages keeping compounds together."""
        seq = self.topic_sequence
        pairs = ((a, b) for a, b in zip(seq, seq[1:], strict=False) if a is not None and b is not None)
        return tuple(dict.fromkeys(pairs))


@dataclass(frozen=True)
class _View:
    """The question in the form its cues are matched in: accented if the user typed accents.

    "phương tiện đo" must not match the cue "tiến độ", and "đề án" must keep
    "đề"; only a question typed without accents is matched folded, where
    such words cannot be told apart. Both forms have the same length, so
    spans found here index the folded question too.
    """

    text: str
    accented: bool

    @classmethod
    def of(cls, question: str) -> _View:
        """The matching view of ``question``."""
        accented = has_diacritics(question)
        text = match_key(question) if accented else fold(question)
        if accented and len(text) != len(fold(question)):
            text, accented = fold(question), False
        return cls(text, accented)

    def key(self, phrase: str) -> str:
        """``phrase`` (stored with accents) in this view's form."""
        return phrase if self.accented else fold(phrase)

    def spans(self, phrase: str) -> list[tuple[int, int]]:
        """Where ``phrase`` occurs as whole words, not inside a false friend ("phương tiện đo")."""
        key = self.key(phrase)
        found = _word_spans(self.text, key)
        if self.accented or not found:
            return found
        friends = [
            span for friend in lexicon().false_friends if self.key(friend) != key
            for span in _word_spans(self.text, self.key(friend))
        ]
        return [s for s in found if not any(a <= s[0] and s[1] <= b for a, b in friends)]


def _word_spans(text: str, key: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``key`` (plain search: hundreds of cues, no regex per cue)."""
    spans = []
    start = text.find(key)
    while start >= 0 and key:
        end = start + len(key)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "&_") and not (after.isalnum() or after in "&_"):
            spans.append((start, end))
        start = text.find(key, start + 1)
    return spans


def _phrase_spans(folded: str, phrase: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<![\w&]){re.escape(phrase)}(?![\w&])", folded)]


def _find_qword(question: str, view: _View) -> tuple[str, str, list[tuple[int, int]]]:
    """The question word that decides the type: longest phrase first, wherever it sits."""
    words = lexicon().question_words
    for phrase in sorted(words, key=len, reverse=True):
        spans = view.spans(phrase)
        if not view.accented and "đâu" in phrase:
            # Folded, "đâu" is also "đầu"/"dầu" ("kết quả đầu ra"): only a closing "đâu" asks where.
            spans = [sp for sp in spans if not view.text[sp[1] :].strip(" ?.!")]
        if not spans:
            continue
        # "AI" in capitals is artificial intelligence, not "who".
        if fold(phrase) == "ai" and re.search(r"(?<!\w)AI(?!\w)", question) and not re.search(r"(?<!\w)[aA]i(?!\w)", question):
            continue
        return fold(phrase), words[phrase], spans
    return "", "", []


def _find_head(view: _View) -> tuple[str, str, tuple[int, int] | None]:
    """Head noun X of "X nào" / "X gì" / "X số mấy" (longest match right before the question word).

    A document noun a few words earlier heads the whole phrase ("quyết định
    giao dự toán ngân sách nào" asks for a decision, not a budget).
    """
    markers = ("số mấy", "số bao nhiêu", "số nào", "số gì", "nào", "gì", "mấy")
    for marker in markers:
        heads = _heads_for(marker)
        for match in re.finditer(rf"(?<![\w]){view.key(marker)}(?![\w])", view.text):
            before, defined = _before_marker(view, marker, match, heads)
            for head in sorted(heads, key=len, reverse=True):
                key = view.key(head)
                if before.endswith(key) and (len(before) == len(key) or not before[-len(key) - 1].isalnum()):
                    kind = heads[head]
                    if not view.accented and key == "quy" and kind == "org":
                        kind = "time"  # typed "quy nao", "quý nào" is far likelier than "quỹ nào"
                    if marker in _DOCUMENT_MARKERS and kind != "doc_ref":
                        continue  # "KH mấy/KH-UBND" asks a document's number; "năm mấy" is a question word
                    if defined and kind not in ("open", "product", "name"):
                        continue  # "Đơn vị … là gì?" is rare; "… do Sở thực hiện là gì?" names no type
                    earlier = _document_head(view, before[: len(before) - len(key)])
                    if earlier and kind in ("number", "name"):
                        return earlier[0], "doc_ref", (earlier[1], match.end())
                    kind_word = _KIND_WORD_RE.search(fold(before[: len(before) - len(key)]))
                    if kind_word and kind in ("org", "place"):
                        # "loại doanh nghiệp nào", "nhóm đơn vị nào": a kind of X is named, not one X.
                        return fold(head), "name", (len(before) - len(key), match.end())
                    return fold(head), kind, (len(before) - len(key), match.end())
    return "", "", None


_NUMBER_MARKERS = frozenset({"số mấy", "số bao nhiêu", "số nào", "mấy"})
_DOCUMENT_MARKERS = _NUMBER_MARKERS | {"số gì"}
"""Question words only a document noun heads ("kế hoạch số gì"; "năm mấy" is a question word)."""


@cache
def _heads_for(marker: str) -> Mapping[str, str]:
    """Head nouns that can stand before ``marker``: before a number's question word ("theo NQ số
    mấy", "KH mấy/KH-UBND") abbreviated document kinds head too.
    """
    heads = lexicon().head_nouns
    if marker in _NUMBER_MARKERS:
        return {**heads, **dict.fromkeys(lexicon().document_abbreviations, "doc_ref")}
    return heads


def _before_marker(view: _View, marker: str, match: re.Match[str], heads: Mapping[str, str]) -> tuple[str, bool]:
    """The words before a question word that may end in its head noun, and whether "là" defined it."""
    before = view.text[: match.start()].rstrip()
    defined = marker == "gì" and re.search(rf"\s{view.key('là')}$", before)
    if defined:
        before = before[: defined.start()]  # "… nhằm mục đích là gì?" asks the purpose like "mục đích gì"
    level = re.search(r"\s+(?:cap|cấp)\s+(?:tinh|tỉnh|huyen|huyện|xa|xã|co so|cơ sở|quoc gia|quốc gia|bo|bộ)$", before)
    if level:
        before = before[: level.start()]  # "đề tài cấp tỉnh nào": a level qualifies the noun before it
    if marker == "nào":
        before = _noun_phrase_start(before, heads, view)
    return before, bool(defined)


_KIND_WORD_RE = re.compile(r"\b(?:loai|nhom|kieu|dang|hinh thuc|mo hinh)\s*$")


def _noun_phrase_start(before: str, heads: Mapping[str, str], view: _View) -> str:
    """``before`` cut after the head noun of "X Y nào" when Y is a modifier compound.

    A Vietnamese noun phrase puts its head first: "xã biên giới nào" asks a commune and
    "đơn vị biên phòng nào" a unit, though "phòng" alone names a department. Only the
    compounds the lexicon lists as modifiers ("biên phòng", "biên giới") are skipped:
    a verb before "nào" ("tổ chức cuộc thi nào") looks the same to a word list.
    """
    words = before.split()
    if len(words) < 3 or fold(" ".join(words[-2:])) not in lexicon().modifier_compounds:
        return before
    rest = before[: before.rstrip().rfind(words[-2])].rstrip()
    keys = {view.key(h) for h, kind in heads.items() if kind in ("org", "place")}
    if any(rest.endswith(k) and (len(rest) == len(k) or not rest[-len(k) - 1].isalnum()) for k in keys):
        return rest
    return before


def _document_head(view: _View, text: str) -> tuple[str, int] | None:
    """A document noun among the last five words of ``text`` (the start of the phrase)."""
    words = list(re.finditer(r"[\w&]+", text))[-5:]
    heads = lexicon().head_nouns
    for word in words:
        rest = text[word.start() :]
        if re.search(r"\b(?:ky|kỷ|phap|pháp)\s*$", text[: word.start()]):
            continue  # "kỷ luật", "pháp luật" name no law
        for head in sorted((h for h, k in heads.items() if k == "doc_ref"), key=len, reverse=True):
            if rest.startswith(view.key(head) + " "):
                if _PURPOSE_RE.search(fold(rest[len(head) :])):
                    return None  # "Kế hoạch nhằm nâng cao chỉ số nào?": the purpose clause has its own head
                return fold(head), word.start()
    return None


_PURPOSE_RE = re.compile(r"\b(?:nham|de|huong toi|huong den|thuc hien|trien khai|phe duyet)\b")
"""A purpose or a verb after the document noun: "kế hoạch thực hiện chương trình gì?" asks the programme."""


def _topic_cue(view: _View) -> tuple[str, list[tuple[int, int]]]:
    for kind, cues in lexicon().topic_cues:
        spans = [s for cue in cues for s in view.spans(cue)]
        if spans:
            return kind, spans
    return "", []


def _role(view: _View, anchor: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """The role asked: the role word nearest the question word ("việc ký chương trình phối hợp
    … do phòng nào đảm nhận?" asks who leads, not who coordinates).
    """
    cues = lexicon().role_cues
    found = [(role, s) for role in ("coordinate", "direct", "lead") for cue in cues[role] for s in view.spans(cue)]
    # "Ban chỉ đạo 389/BCĐ" is a body; its "chỉ đạo" says nobody's role.
    found = [(r, s) for r, s in found if not re.search(r"\bban\s*$", fold(view.text[: s[0]]))]
    aside = _set_aside_match(fold(view.text))
    if aside:  # "Ngoài phòng chủ trì, những đơn vị nào phối hợp …?": the role set aside is not asked
        found = [(r, s) for r, s in found if not aside.start(1) <= s[0] < aside.end(1)]
    claim = claim_start(fold(view.text))
    if claim:
        # "Đoàn kiểm tra mà Sở phối hợp có phải do UBND thành phố chủ trì không?": the claim follows
        # "có phải"; the role before it only says which team is meant.
        found = [(r, s) for r, s in found if s[0] >= claim] or found
    if not found:
        return "lead", []
    weak = {view.key(c) for c in _WEAK_LEAD_CUES}
    strong = [(r, s) for r, s in found if r != "lead" or view.text[s[0] : s[1]] not in weak]
    # "Các cơ quan phối hợp với Sở … triển khai …": "triển khai" names the work, "phối hợp" the role.
    found = strong or found
    if anchor is None:
        role = found[0][0]
    else:
        role = min(found, key=lambda item: min(abs(item[1][0] - anchor), abs(item[1][1] - anchor)))[0]
    return role, [s for r, s in found if r == role]


_MID_FRAME_RE = re.compile(r"(?<=\S)\s+(?:co\s+phai|co\s+dung\s+la|phai chang)\s+(?!khong\b|chua\b)")


def claim_start(folded: str) -> int:
    """Where a yes/no claim starts after a mid-question "có phải / có đúng là" (0 when none):
    "Đoàn kiểm tra mà Sở phối hợp có phải do UBND thành phố chủ trì không?" claims what follows.
    Folding keeps positions, so the offset also holds in the question as typed.
    """
    match = _MID_FRAME_RE.search(folded)
    return match.end() if match else 0


# What a numbered part holds, asked as "những giải pháp gì": its content, not a name.
_PART_CONTENT_HEADS = frozenset({"giai phap", "noi dung", "nhiem vu", "viec", "cong viec", "mang viec", "hoat dong"})

_WEAK_LEAD_CUES = ("thực hiện", "triển khai", "tổ chức thực hiện", "tham mưu")

# "… thuộc mục nào?", "… được nêu ở phần nào của báo cáo?", "… thuộc nhóm nhiệm vụ nào trong mục III?":
# the heading the item sits under is asked, whatever type the item's own words suggest.
MEMBERSHIP_VERBS = (
    r"(?:thuoc|xep vao|nam trong|nam o|nam tai|thuoc ve|neu o|neu tai|neu trong|de cap o|de cap tai|de cap trong"
    r"|nhac (?:den|toi) (?:trong|o|tai))"
)
"""Folded verbs that place an item in a part: "thuộc", "nằm trong", "được nêu ở", "được nhắc đến trong"."""
PLACEMENT_RE = re.compile(
    rf"\b{MEMBERSHIP_VERBS}\s+"
    r"((?:tieu\s+)?muc|phan|chuong|nhom(?:\s+nhiem vu|\s+giai phap|\s+hoat dong)?|noi dung)(?:\s+(?:lon|chinh))?\s+nao\b"
)


def _framed_type(folded: str, head: str, qword_kind: str) -> tuple[str, str, str, list[tuple[int, int]]] | None:
    """The type a frame decides before any question word: "… đúng không?", "… thuộc mục nào?"."""
    asserts = _YES_NO_RE.search(folded.rstrip(" ?.!")) or _OPENING_FRAME_RE.match(folded) or _MID_FRAME_RE.search(folded)
    # "Quyết định 3399 có phải do Chủ tịch UBND tỉnh ban hành?": "có phải" frames a claim, "không" or not.
    if asserts and not head and qword_kind in ("", "open"):
        return "yes_no", "co_khong", "", _yes_no_frames(folded)  # "… đúng không?" frames, it is no topic
    if placed := PLACEMENT_RE.search(folded):
        return "name", "x_nao", placed.group(1), [placed.span()]
    return None


def _cue_kept(cue_kind: str, qword: str, folded: str) -> str:
    """The topic cue's type, unless the question word asks something else than the cue suggests."""
    if cue_kind == "number" and (qword in _LIST_QWORDS or qword in _WHAT_QWORDS or qword in _MANNER_QWORDS):
        # "Nguồn kinh phí gồm những nguồn nào?" lists sources, "… quy định mức chi hỗ trợ gì?" asks
        # what is supported, "… được lập dự toán thế nào?" how it is done: none counts.
        return ""
    if cue_kind in ("time", "duration") and qword in _WHAT_QWORDS:
        return ""  # "… đưa tiêu chí hoàn thành nhiệm vụ vào xét gì?": "gì" asks a thing, never a time
    if cue_kind == "org" and qword in _MEMBERS_QWORDS and _WORK_LISTED_RE.match(folded):
        return ""  # "Các đầu việc … giao cho Văn phòng gồm những gì?": the work listed, not the unit
    return cue_kind


def _answer_type(
    question: str, view: _View, found_qword: tuple[str, str, list[tuple[int, int]]]
) -> tuple[str, str, str, list[tuple[int, int]]]:
    """(answer type, question word, head noun, spans to drop from the topic)."""
    folded = fold(question)
    cue_kind, cue_spans = _topic_cue(view)
    head, head_kind, head_span = _find_head(view)
    qword, qword_kind, qword_spans = found_qword
    if (framed := _framed_type(folded, head, qword_kind)) is not None:
        return framed
    counts = qword_kind == "number" and "so hieu" not in folded
    if cue_kind in ("signer", "doc_info") and qword in _MEMBERS_QWORDS:
        cue_kind = ""  # "4 kế hoạch … ban hành tháng 01 gồm những gì?" lists the plans, not their issuer
    if cue_kind == "doc_info" and _names_a_thing(folded, view, head_kind, head_span):
        cue_kind = ""  # "Chương trình gì được ban hành theo QĐ 1048?": the programme's name, not the decision's facts
    if cue_kind in ("signer", "doc_info") and not (head_kind == "doc_ref" and head_span) and not counts:
        # "… giữ chức danh nào?": the head noun names the type asked, it is no topic to cover.
        return cue_kind, "", "", cue_spans + ([head_span] if head_span and head_kind == cue_kind else [])
    lead, lead_kind = _leading(view, qword, qword_kind)
    named_head = bool(head and head_span and head_kind not in ("open",))  # "X nào" names the type itself
    # "Kinh phí … lấy từ những nguồn nào?": a source is asked, though the question opens with "kinh phí".
    source_asked = head_kind == "open" and head.startswith("nguon") and head_span is not None
    how_done = qword in _MANNER_QWORDS and bool(manner_verb(folded))  # "Kinh phí … được lập dự toán thế nào?" asks how
    if lead_kind and lead_kind != "open" and qword_kind in ("", "open", "number", lead_kind) and not (named_head or source_asked or how_done):
        # "Kinh phí … bao nhiêu?" counts money; "Kinh phí … lấy từ đâu?" asks a source, as its question word says.
        return lead_kind, "", fold(lead), [(0, len(lead))]
    if head and head_span:
        by_head = _typed_by_head(folded, head, head_kind, head_span, qword, qword_kind)
        if by_head is not None:
            return by_head
    if qword_kind and qword_kind not in ("open",):
        if qword_kind == "time" and qword.endswith(" may"):
            head = qword.split()[0]  # "tháng mấy" asks for a month, like "tháng nào"
        return qword_kind, qword, head, qword_spans + ([head_span] if head_span else [])
    cue_kind = _cue_kept(cue_kind, qword, folded)
    if cue_kind and not (cue_kind == "org" and (_asks_what_is_done(view) or qword in _WHAT_QWORDS)):
        # "Sở Xây dựng phối hợp hướng dẫn áp dụng công nghệ gì?": "gì" asks a thing; "phối hợp" only says whose work.
        return cue_kind, qword, head, cue_spans + qword_spans
    if head_kind:
        return head_kind, "x_nao", head, [head_span] if head_span else []
    return "open", qword, head, qword_spans


def _opens_with(view: _View, phrase: str, text: str | None = None) -> bool:
    """True when the question (or ``text`` in its view) opens with ``phrase``, as whole words."""
    text = view.text if text is None else text
    return _word_spans(text[: len(phrase) + 1], view.key(phrase))[:1] == [(0, len(phrase))]


def _yes_no_frames(folded: str) -> list[tuple[int, int]]:
    """Spans of the yes/no frame ("… đúng không?", "Có phải …", "có dự kiến …"), which are no topic."""
    frames = [
        re.search(r"(?:\b(?:co|la)\s+)?\b(?:dung|phai)\s+(?:khong|chua)\W*$", folded),
        _TAG_RE.search(folded),
        _OPENING_FRAME_RE.match(folded),
        *_INTENT_FRAME_RE.finditer(folded),
    ]
    return [f.span() for f in frames if f]


def _names_a_thing(folded: str, view: _View, head_kind: str, head_span: tuple[int, int] | None) -> bool:
    """"Chương trình gì …?", "Đề án … là gì?": the name of a programme or scheme is asked."""
    if head_kind == "name" and head_span and re.search(r"\bgi$", folded[head_span[0] : head_span[1]]):
        return True
    return bool(re.search(r"\bla gi\W*$", folded)) and any(
        kind == "name" and _opens_with(view, noun) for noun, kind in lexicon().head_nouns.items()
    )


def _leading(view: _View, qword: str, qword_kind: str) -> tuple[str, str]:
    """The noun that opens the question and the type it asks, when it decides the type."""
    leading = lexicon().leading_nouns
    lead = next((k for k in sorted(leading, key=len, reverse=True) if _opens_with(view, k)), "")
    kind = leading.get(lead, "")
    if kind == "name":
        # "Tên tổ chức tài trợ … là gì?" names a unit: the noun after "tên" says what is named.
        rest = view.text[len(lead) :].lstrip()
        named = [h for h, k in lexicon().head_nouns.items() if k in ("org", "person", "place") and _opens_with(view, h, rest)]
        if named:
            kind = lexicon().head_nouns[max(named, key=len)]
    if kind == "number" and qword in _LIST_QWORDS:
        kind = ""  # "Kinh phí … gồm những nguồn gì?" lists sources; it asks no sum
    if kind == "name" and qword_kind not in ("", "open"):
        kind = ""  # "Tên …" opens a question about a name only when nothing else is asked
    return lead, kind


def _typed_by_head(
    folded: str, head: str, head_kind: str, head_span: tuple[int, int], qword: str, qword_kind: str
) -> tuple[str, str, str, list[tuple[int, int]]] | None:
    """The type a head noun before "nào"/"gì" decides, or ``None`` when the question word decides."""
    if head_kind == "open":
        # "… nhằm mục đích gì?" asks the purpose, whatever "chỉ tiêu" it names
        return ("open", qword or "x_nao", head, []) if qword_kind in ("", "open") else None
    if head_kind == "org" and qword_kind == "number":
        return None
    if head_kind == "time" and re.search(r"\bgi$", folded[head_span[0] : head_span[1]]):
        return "name", "x_nao", head, [head_span]  # "ngày gì" names the day ("ngày KH&CN Việt Nam"), "ngày nào" dates it
    if head_kind == "number" and re.search(r"\d\s*%|\d+(?:[.,]\d+)?\s+(?:phan tram|lan)\b", folded):
        return "open", "x_nao", head, []  # "Chỉ tiêu nào đạt 40% vào năm 2025?": the figure is given, the target asked
    return head_kind, "x_nao", head, [head_span]


_LIST_QWORDS = frozenset({"gom nhung gi", "gom nhung", "nhung gi", "gom gi", "bao gom", "gom nhung ai", "nhung ai"})
_MEMBERS_QWORDS = frozenset({"gom nhung gi", "gom nhung", "gom gi", "bao gom"})
"""Question words that ask what a named set is made of."""
_WHO_QWORDS = frozenset({"ai", "nhung ai", "gom nhung ai"})
_WHAT_QWORDS = frozenset({"gi", "la gi", "lam gi", "de lam gi"})
"""Ask a thing; the list words ("các đơn vị phối hợp gồm những gì?") may still list units."""
_MANNER_QWORDS = frozenset({"nhu the nao", "the nao", "ra sao"})
_MANNER_RE = re.compile(r"\b(?:duoc|phai|se|can|bi)\s+((?:[a-z]+\s+){1,4}?)(?:nhu the nao|the nao|ra sao)\W*$")
_AUXILIARIES = frozenset({"duoc", "phai", "se", "can", "bi", "da"})


@lru_cache(maxsize=256)
def manner_verb(folded: str) -> tuple[str, ...]:
    """The verb a manner question asks about ("… phải được triển khai như thế nào?" → triển khai).

    How a thing is done is said right after its verb ("Tập trung triển khai thực hiện kịp thời,
    quyết liệt …"), so a sentence without that verb describes something else. Only a verb after
    "được/phải/sẽ" counts: "… tháng 01/2022 ra sao?" names no action.
    """
    match = _MANNER_RE.search(folded)
    if match is None:
        return ()
    words = match.group(1).split()
    while words and words[0] in _AUXILIARIES:
        words = words[1:]
    if not words or words[0] in lexicon().stop_words:
        return ()
    return tuple(words[:2])


def _asks_for_several(folded: str, qword: str, head: str) -> bool:
    """True for "những/các X nào" and "gồm những gì": the answer is a list, not one value."""
    if qword in _LIST_QWORDS:
        return True
    return bool(head) and bool(re.search(rf"\b(?:nhung|cac)\s+{re.escape(head)}\s+(?:\w+\s+){{0,3}}?(?:nao|gi)\b", folded))


def _asks_recipients(folded: str, qword: str) -> bool:
    """"Nơi nhận … gồm những ai?", "Báo cáo tháng 1 gửi đi đâu?": the document's whole recipient list."""
    if any(re.search(rf"\b{p}\b", folded) for p in lexicon().closing_parts):
        return True
    # "gửi đi đâu" asks where a document went; "gửi về đâu" where a required report goes up to.
    # The document opens the question, or the clause after "Ngoài …,".
    of_a_document = any(re.search(rf"(?:^|,\s*){re.escape(fold(kind))}\s", folded) for kind in lexicon().document_kinds)
    if not of_a_document:
        return False
    # "Kế hoạch … gửi những nơi nào?", "Ngoài Sở KH&ĐT, kế hoạch … được gửi (để báo cáo) cơ quan nào?"
    sent_to = re.search(r"\bgui\s+(?:di\s+|den\s+|toi\s+|de bao cao\s+|bao cao\s+)?(?:nhung\s+|cac\s+)?(?:noi|co quan|don vi)\s+nao\b", folded)
    # "(b/c)" marks the units of a "Nơi nhận" list that get the document to be informed.
    return qword in ("gui di dau", "gui den dau", "gui toi dau") or sent_to is not None or "(b/c)" in folded


def _asks_for_a_post(view: _View) -> bool:
    """E.g. "Ai là Giám đốc Sở …?", "ai là người được cấp …?": a person's name is asked, not a unit."""
    if re.search(r"\bai\s+la\s+(?:nguoi|ca nhan)\b|\bnguoi nao\b|\bnguoi\b.*\bten\s+(?:la\s+)?gi\W*$", fold(view.text)):
        return True  # "… người phụ trách Phòng X tên gì?" asks a name, which no unit is
    roles = [view.key(r) for r in lexicon().person_roles]
    folded = fold(view.text)
    if re.search(r"\bla ai\W*$", folded) and any(re.match(rf"\W*{re.escape(fold(r))}\b", folded) for r in roles):
        return True  # "Trưởng ban chỉ đạo 389 mà Thanh tra Sở tham mưu là ai?": the post opens the question
    return any(re.search(rf"\bla\s+{re.escape(fold(r))}\b", folded) for r in roles) or any(
        view.spans(r) and not _role(view)[1] for r in roles
    )


def _asks_what_is_done(view: _View) -> bool:
    """E.g. "X phụ trách gì?", "Sở chủ trì những việc gì?": the task is asked, not the unit."""
    cues = "|".join(re.escape(fold(c)) for c in lexicon().role_cues["lead"] + lexicon().role_cues["coordinate"])
    return bool(re.search(rf"(?:{cues})\s+(?:(?:nhung|cac)\s+)?(?:viec|nhiem vu|noi dung|hoat dong)?\s*gi\b", fold(view.text)))


_WORK_LISTED_RE = re.compile(r"^\W*(?:(?:cac|nhung)\s+)?(?:dau viec|viec|cong viec|nhiem vu|noi dung|hoat dong|giai phap)\b")
_DUTY_RE = re.compile(
    r"\b(?:co|duoc giao|lam|lo|dam nhan|dam nhiem|thuc hien|phu trach|chu tri|giu)\s+(?:nhung\s+|cac\s+)?"
    r"(?:nhiem vu|viec|cong viec|trach nhiem|noi dung|vai tro)\s+(?:gi|nao)\b"
    r"|\b(?:nhiem vu|trach nhiem|vai tro)\b.*?\bcua\s+.+?\s+(?:la\s+|gom\s+(?:nhung\s+)?|nhung\s+)?gi\b"
)


_UNIT_WORKS_RE = re.compile(
    r"^\W*(?:cac\s+|nhung\s+)?(cong tac|ke hoach|van ban|nhiem vu|noi dung|mang viec|hoat dong|de an|chuong trinh)\s+(?:ma\s+|cua\s+)?"
)
_BREAKDOWN_RE = re.compile(r"\b(?:gom|bao gom|chia (?:ra|thanh)|co)\s+(?:nhung\s+|cac\s+)?(?:loai|nhom|dang|mang)\s+(?:nao|gi)\b")
_DOCUMENT_WORKS = frozenset({"ke hoach", "van ban", "de an", "chuong trinh"})


def _works_of_a_unit(folded: str, qword: str, answer_type: str) -> str:
    """The kind of work a unit's own list is asked for, or "".

    "Các kế hoạch Phòng X được giao triển khai gồm những gì?", "văn bản Phòng Y được
    giao tổ chức thực hiện gồm những gì": what sits under that unit's heading is
    listed, not units; "Phòng Y phụ trách triển khai gồm những văn bản gì?" likewise.
    """
    if qword not in _MEMBERS_QWORDS and answer_type != "doc_ref":
        return ""
    prefixes = tuple(p + " " for p in lexicon().folded_prefixes)
    cues = [fold(c) for c in lexicon().role_cues["lead"]]
    opening = _UNIT_WORKS_RE.match(folded)
    if opening and qword in _MEMBERS_QWORDS:
        rest = folded[opening.end() :]
        return opening.group(1) if rest.startswith(prefixes) and any(f" {c} " in f" {rest} " for c in cues) else ""
    if answer_type == "doc_ref" and folded.lstrip(" -").startswith(prefixes) and re.search(r"\bgom\s+(?:nhung\s+)?van ban\b", folded):
        return "van ban" if any(f" {c} " in f" {folded} " for c in cues) else ""
    return ""


def _asks_duty(view: _View) -> bool:
    """"X có nhiệm vụ gì?", "X được giao việc gì?", "Nhiệm vụ của X là gì?": a unit's own work."""
    return _asks_what_is_done(view) or bool(_DUTY_RE.search(fold(view.text)))


_CLASSIFIERS = frozenset({"cai", "chiec"})


def _count_noun(question: str, folded: str, qword: str) -> tuple[str, ...]:
    """The noun a "bao nhiêu X" / "mấy X" / "số X là bao nhiêu" question counts."""
    start = -1
    if qword in ("bao nhieu", "may"):
        spans = _phrase_spans(folded, qword)
        start = spans[0][1] if spans else -1
        if start >= 0 and not _TOKEN_RE.search(folded, start):
            start = -1  # "số lượng nhiệm vụ … là bao nhiêu?": the noun comes before the question word
    if start < 0:
        match = re.search(r"\b(?:so luong|tong so|so)\s+", folded)
        start = match.end() if match else -1
    if start < 0:
        return ()
    words: list[str] = []
    for match in _TOKEN_RE.finditer(folded, start):
        # A noun always follows "mấy"/"bao nhiêu": typed "may co so" counts "cơ sở", though "co" reads as "có".
        if len(words) == 4 or (words and (_is_stop(question, folded, match.span()) or match.group(0) == "khac")):
            break  # "bao nhiêu cơ sở khác nhau" counts "cơ sở"
        if not words and _is_stop(question, folded, match.span()) and has_diacritics(question):
            break
        if not words and match.group(0) in _CLASSIFIERS:
            break  # "bao nhiêu cái?" counts whatever the question is about, not "cái"
        words.append(match.group(0))
    # "bao nhiêu DN", "mấy PTĐ": the noun as the documents spell it out (its qualifiers stay as typed).
    if words and words[0] in lexicon().abbreviations:
        words = [*lexicon().abbreviations[words[0]], *words[1:]][:4]
    return tuple(words)


def _names_a_body(name: str, question: str) -> bool:
    """True for capitals that name a unit, document or place ("Sở KHCN Quảng Trị", "So KHCN Quang Tri")."""
    lex = lexicon()
    prefixes = lex.organisation_prefixes + tuple(lex.document_kinds) + tuple(lex.provinces)
    bare = not has_diacritics(question)  # typed without accents, "So" is "Sở"
    first = name.split()[0]
    if any(name.startswith(p) or (bare and fold(name).startswith(fold(p) + " ")) for p in prefixes):
        return True
    return first in ("Tỉnh", "Huyện", "Xã", "Thành", "Việt") or first.isupper() or any(
        fold(p) in fold(name) or fold(name) in fold(p) for p in lex.provinces
    )


def _persons(question: str) -> tuple[str, ...]:
    """Names of people the question mentions: after a title ("ông", "đồng chí") or in capitals."""
    lex = lexicon()
    found: list[str] = []
    titles = tuple(sorted({t[:1].upper() + t[1:] for t in lex.person_titles}, key=len, reverse=True))  # "PGĐ Lê Văn Bình"
    text = normalize_text(question)
    for match in _CAPITAL_NAME_RE.finditer(text):
        name, start = match.group(1), match.start()
        lead = next((t for t in titles if fold(name).startswith(fold(t) + " ")), None)  # "PGD Nguyen …" typed bare
        if lead:
            name = name[len(lead) + 1 :]
            if len(name.split()) >= 2 and not _names_a_body(name, question):  # "PGD So KHCN …" is the post of a unit
                found.append(name)
            continue
        if _names_a_body(name, question):
            continue
        first = name.split()[0]
        surname = first in lex.surnames or (not has_diacritics(question) and fold(first) in _folded_surnames())
        if start == 0 or question[:start].rstrip()[-1:] in ".?!:":
            if len(name.split()) >= 3 and surname:
                found.append(name)  # "Trần Thị Mai là PGĐ …": a full name may open the question
            continue  # otherwise a capital that only opens the sentence
        before = fold(question[:start]).split()[-2:]
        if before[-1:] in (["hoc"], ["truong"], ["vien"], ["ty"], ["tam"]) or before == ["hoc", "vien"]:
            continue  # "Đại học Nông Lâm", "Trường …", "Viện …", "Công ty …": a body's name, not a person
        titled = before[-1:] in (["ong"], ["ba"], ["anh"], ["chi"]) or before == ["dong", "chi"]  # whole words: "lường" is no "ông"
        if titled or (len(name.split()) >= 3 and surname):  # "Tết Nhâm Dần" is no one
            found.append(name)
    return tuple(found)


POST_ABBREVIATIONS = {"pgd": "pho giam doc", "gd": "giam doc"}
"""Posts as plans shorten them before a name ("PGĐ Lê Văn Bình"), folded, spelled out."""


@lru_cache(maxsize=1)
def _posts_longest_first(short: bool) -> tuple[str, ...]:
    posts = {fold(r) for r in lexicon().person_roles} | (set(POST_ABBREVIATIONS) if short else set())
    return tuple(sorted(posts, key=len, reverse=True))


def post_named(folded: str, *, short: bool = False) -> str:
    """The post a folded text names ("pho giam doc" before "giam doc"), spelled out; "" when none.

    With ``short``, "PGĐ"/"GĐ" count too: a yes/no claim "người ký là PGĐ" names a post, while
    "PGĐ nào …?" asks for a person and is read by its head noun instead.
    """
    found = next((p for p in _posts_longest_first(short) if re.search(rf"\b{re.escape(p)}\b", folded)), "")
    return POST_ABBREVIATIONS.get(found, found)


@lru_cache(maxsize=1)
def _folded_surnames() -> frozenset[str]:
    """Family names as typed without accents ("Tran Van Minh")."""
    return frozenset(fold(s) for s in lexicon().surnames)


@lru_cache(maxsize=1)
def _province_re() -> re.Pattern[str]:
    """One alternation over every folded province name: 70 separate searches per question
    also pushed other patterns out of ``re``'s cache.
    """
    keys = sorted({fold(name) for name in lexicon().provinces}, key=len, reverse=True)
    return re.compile(rf"(?<![\w&])(?=({'|'.join(re.escape(k) for k in keys)})(?![\w&]))")


def _provinces(folded: str) -> tuple[str, ...]:
    found = {m.group(1) for m in _province_re().finditer(folded)}
    # A lookahead finds overlapping names too ("thua thien hue" and "hue").
    names = [name for name in lexicon().provinces if fold(name) in found]
    # "Thừa Thiên Huế" also contains "Huế": keep the longest names only.
    return tuple(n for n in names if not any(n != m and fold(n) in fold(m) for m in names))


def _is_stop(question: str, folded: str, span: tuple[int, int]) -> bool:
    """Stop word test in the form the user typed: accented when accents were typed."""
    lex = lexicon()
    if has_diacritics(question):
        accented = match_key(question)
        if len(accented) == len(folded):
            return accented[span[0] : span[1]] in lex.accented_stop_words
    return folded[span[0] : span[1]] in lex.stop_words


_GLUED_RE = re.compile(r"([a-z]{2,4})(\d{1,4})")


def token_starts(folded: str) -> list[int]:
    """Where each entry of ``topic_sequence`` starts in the folded question (a glued "nq08" counts twice)."""
    starts = []
    for match in _TOKEN_RE.finditer(folded):
        starts += [match.start()] * (2 if _GLUED_RE.fullmatch(match.group(0)) else 1)
    return starts


def _topic_sequence(
    question: str, folded: str, dropped: list[tuple[int, int]]
) -> tuple[tuple[str | None, ...], tuple[str, ...], tuple[int, ...]]:
    """(topic sequence, every token, positions dropped only as unaccented stop words)."""
    sequence: list[str | None] = []
    tokens: list[str] = []
    soft: list[int] = []
    unaccented = not has_diacritics(question)
    for match in _TOKEN_RE.finditer(folded):
        span = match.span()
        inside = any(s <= span[0] and span[1] <= e for s, e in dropped)
        stop = _is_stop(question, folded, span)
        word = None if inside or stop else match.group(0)
        glued = _GLUED_RE.fullmatch(match.group(0))
        if glued:  # "NQ08" is how staff write "Nghị quyết 08-NQ/TU": its parts are what documents spell
            sequence += [glued.group(1), glued.group(2)] if word else [None, None]
            tokens += [glued.group(1), glued.group(2)]
            continue
        if stop and not inside and unaccented:
            soft.append(len(sequence))
        sequence.append(word)
        tokens.append(match.group(0))
    return tuple(sequence), tuple(tokens), tuple(soft)


def with_compounds(analysis: QuestionAnalysis, texts: Sequence[str]) -> QuestionAnalysis:
    """The analysis with unaccented "stop words" restored where ``texts`` write them as content.

    Typed without accents, "day nhanh giai ngan von dau tu" loses "đẩy" and "đầu tư" to
    the stop words "đây", "đâu", "từ". Where a passage writes the pair with a neighbour
    as words that are no stop words ("đẩy nhanh", "đầu tư", "đề tài"), they were topic.
    """
    if not analysis.soft_stops:
        return analysis
    # Folded once here, not once per word pair; a text whose folding changes its length is skipped.
    pairs = [(text, folded) for text in texts if len(folded := fold(text)) == len(text)]
    sequence = list(analysis.topic_sequence)
    tokens = analysis.tokens
    soft = set(analysis.soft_stops)
    for i in analysis.soft_stops:
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and (sequence[j] is not None or j in soft):
                a, b = sorted((i, j))
                if _written_as_content(tokens[a], tokens[b], 0 if a == i else 1, pairs):
                    sequence[i] = tokens[i]
                    if j in soft:
                        sequence[j] = tokens[j]
    if sequence == list(analysis.topic_sequence):
        return analysis
    return dataclasses.replace(analysis, topic_sequence=tuple(sequence))


def _written_as_content(first: str, second: str, which: int, texts: Sequence[tuple[str, str]]) -> bool:
    """True when some (text, folded) pair writes "``first`` ``second``" with word ``which`` (0 or 1)
    accented as no stop word.
    """
    stops = lexicon().accented_stop_words
    pattern = re.compile(rf"(?<![a-z0-9]){first}\s+{second}(?![a-z0-9])")
    for text, folded in texts:
        for match in pattern.finditer(folded):
            words = match_key(text[match.start() : match.end()]).split()
            if len(words) == 2 and words[which] not in stops:
                return True
    return False


_CHAT_NEGATION_RE = re.compile(r"(?<![\w/])(?:k|ko|kg|khg|hok|hông|hong|hem)(\W*)$", re.I)


_MEMBERS_OF_RE = re.compile(
    r"\b(các|những|cac|nhung)\s+(\w+(?:[ ,]+\w+){0,2}?)\s+(?:bao\s+)?(?:gồm|gom)\s+(?:những|nhung|các|cac)\s+(?:gì|gi)(\W*)$",
    re.I,
)
_LISTED_KINDS = frozenset({"org", "doc_ref", "place", "name"})


def _members_of_a_kind(question: str) -> str:
    """"… các văn bản gồm những gì?" asks which documents, as "… các văn bản nào?" does.

    The noun before "gồm" names the members' type; left as "gồm những gì" the
    question would read as open and be answered by the sentence that names them.
    An open noun ("các nội dung gồm những gì") keeps its list-of-items reading.
    """
    match = _MEMBERS_OF_RE.search(question)
    if match is None or not any(fold(match.group(2)) in nouns_of_kind(kind) for kind in _LISTED_KINDS):
        return question
    which = "nào" if has_diacritics(question) else "nao"
    return f"{question[: match.start()]}{match.group(1)} {match.group(2)} {which}{match.group(3)}"


def _spelled_out(question: str) -> str:
    """Chat shorthand spelled out: a closing "k", "ko", "hok" is "không" ("… đúng k?").

    Typed without accents, it becomes "khong": one accented word would make the
    whole question look accented and its unaccented cues stop matching.
    """
    word = "không" if has_diacritics(question) else "khong"
    if not re.search(r"\S", question):
        return question
    question = _CHAT_NEGATION_RE.sub(word + r"\1", question.rstrip())
    question = _members_of_a_kind(question)
    folded = fold(question)
    if _OPENING_FRAME_RE.match(folded) and not re.search(r"\b(?:khong|chua)\W*$", folded):
        # "Có phải QĐ 2693 ban hành ngày 19/11/2023?" asks what "… ngày 19/11/2023 không?" asks.
        question = re.sub(r"(\W*)$", lambda m: f" {word}{m.group(1)}", question, count=1)
    return question


_ACRONYM_LEAD = (
    r"(?:^|[,:;]\s+)\W*(?i:(?:(?:cho\s+)?(?:(?:mình|minh|tôi|toi|em)\s+)?(?:hỏi|hoi)\s+)?"
    r"(?:(?:chỉ số|chi so|cụm từ|cum tu|từ|tu|chữ|chu|ký hiệu|ky hieu)\s+)?)"
)
"""What may stand before an acronym that is itself the subject: the question's start, a clause
break, "cho mình hỏi", "chỉ số". "Sản phẩm của nhiệm vụ KH&CN là gì?" asks about the
product, not what KH&CN stands for."""

_ACRONYM_ASKED_RE = re.compile(
    _ACRONYM_LEAD + r"([A-ZĐ][A-ZĐ0-9&]{1,9})(?![\w&/.-])\s*,?\s+"
    r"(?:là\s+(?:gì|viết tắt)|viết tắt|nghĩa là gì|có nghĩa là gì)"
)


_ACRONYM_OPENS_RE = re.compile(
    r"^" + _ACRONYM_LEAD + r"([A-ZĐ][A-ZĐ0-9&]{1,9})(?![\w&/.-])"
    r"\s+(?:trong|của|theo|ở|tại|được nêu|nêu|nhắc)\b[^?]{0,80}\b(?:là gì|(?:là\s+)?viết tắt(?:\s+(?:của|cho|từ))?(?:\s+gì)?|(?:có\s+)?nghĩa là gì)\W*$"
)
""""PII trong kế hoạch của Sở … là gì?": the acronym opens the question and only its scope
follows; "QĐ 03/2022/QĐ-UBND … có nội dung là gì?" asks the content, not the acronym."""


def _acronym_asked(question: str) -> str:
    """"PII là gì?", "Cho mình hỏi PCI là gì vậy?", "TFP viết tắt của gì?": the acronym; "" otherwise.

    Typed without accents ("PII la gi") the cue words are restored first; a document code
    ("08-NQ/TU") is not an acronym.
    """
    text = normalize_text(question)
    text = re.sub(r"\bla gi\b", "là gì", text)
    text = re.sub(r"\bviet tat\b", "viết tắt", text)
    text = re.sub(r"\bnghia la gi\b", "nghĩa là gì", text)
    for typed, word in (("cua", "của"), ("gi", "gì"), ("tai", "tại"), ("nhac", "nhắc"), ("neu", "nêu")):
        text = re.sub(rf"\b{typed}\b", word, text)
    match = _ACRONYM_ASKED_RE.search(text) or _ACRONYM_OPENS_RE.search(text)
    return match.group(1) if match else ""


_NOT_ASIDE = r"(?!nuoc\b|gio\b|tinh\b(?!\s+(?:doan|uy)\b)|ra\b)"
""""nước ngoài", "ngoài giờ", "ngoài tỉnh", "ngoài ra" are no exclusion ("ngoài Tỉnh đoàn" is)."""
_SET_ASIDE_RE = re.compile(rf"(?:^|,\s*)\W*ngoai\s+{_NOT_ASIDE}(.{{3,160}}?)\s*(?:,|\bthi\b|\bcon\b)(?=.*\bcon\b|.*\bnua\b)")
_OPENING_SET_ASIDE_RE = re.compile(rf"\W*ngoai\s+{_NOT_ASIDE}(.{{3,160}}?)\s*,")
_CLOSING_SET_ASIDE_RE = re.compile(rf"\bcon\b.*\b(?:gi|nao|ai|dau)\s+ngoai\s+{_NOT_ASIDE}(.{{3,160}}?)\W*$")
""""Thanh tra Sở còn phải rà soát gì ngoài tham mưu nhiệm vụ của BCĐ 389?": set aside after the question word."""


def _set_aside_match(folded: str) -> re.Match[str] | None:
    """The "ngoài X" clause of a question, X as group 1.

    Mid-question it needs the "còn" (or "nữa") that asks for the rest ("…, ngoài A và B, còn
    hướng vào lĩnh vực nào nữa?"); opening the question, "Ngoài X," is enough ("Ngoài Sở KH&ĐT,
    kế hoạch được gửi cơ quan nào?").
    """
    return _SET_ASIDE_RE.search(folded) or _OPENING_SET_ASIDE_RE.match(folded) or _CLOSING_SET_ASIDE_RE.search(folded)


def _set_aside(folded: str) -> tuple[str, ...]:
    """"Ngoài phòng khám Trí Đức, giấy phép còn cấp cho ai?": the words of what is already known."""
    match = _set_aside_match(folded)
    if match is None:
        return ()
    stop = lexicon().stop_words
    return tuple(w for w in re.findall(r"[a-z0-9&]+", match.group(1)) if w not in stop)


_INTENT_FRAME_RE = re.compile(r"\b(?:co\s+)?du kien\b|\bco (?:ke hoach|chu truong)\b(?=\s+[a-z])")
""""Sở có dự kiến / có kế hoạch tổ chức X không?" asks whether the plan has X: the frame is no topic."""
_OPENING_FRAME_RE = re.compile(r"^\W*(?:co\s+(?:dung|phai)(?:\s+la)?|phai chang|lieu)\s")


@lru_cache(maxsize=256)
def analyze_question(question: str) -> QuestionAnalysis:
    """Read the answer type, the topic words and the scope constraints of a question."""
    from khcn_qa.text.tokenize import codes

    question = _spelled_out(without_chatter(question))
    folded = fold(question)
    view = _View.of(question)
    found_qword = _find_qword(question, view)
    answer_type, qword, head, spans = _answer_type(question, view, found_qword)
    works = _works_of_a_unit(folded, qword or found_qword[0], answer_type)
    if works:
        answer_type = "doc_ref" if works in _DOCUMENT_WORKS else "open"
    elif answer_type == "name" and _BREAKDOWN_RE.search(folded) and not PLACEMENT_RE.search(folded):
        answer_type = "open"  # "11 nhiệm vụ … gồm những loại nào?": the sentence that breaks the set down
    anchor = spans[0][0] if spans else None
    role, role_spans = _role(view, anchor) if answer_type in ("org", "person", "yes_no") else ("", [])
    if answer_type == "org" and qword in _WHO_QWORDS and (role == "direct" or _asks_for_a_post(view)):
        answer_type = "person"
    elif answer_type == "doc_ref" and re.search(r"\bco ten\s+(?:la\s+)?gi\b", folded):
        answer_type = "name"  # "Quyết định 569/QĐ-TTg ban hành văn bản có tên là gì?": its name, not a code
    elif answer_type in ("open", "name") and re.search(r"\bten\s+(?:la\s+)?gi\b", folded) and _asks_for_a_post(view):
        answer_type = "person"  # "Giám đốc Sở … tên là gì?"
    coded = tuple(c for c in codes(question) if "/" in c and not re.fullmatch(r"[\d/]+", c))
    if answer_type == "org" and coded and _ISSUER_ASKED_RE.search(folded) and not _CARRIES_OUT_CODE_RE.search(folded):
        answer_type = "doc_info"  # "Nghị quyết 36-NQ/TW … là của ai?": the cited document's issuer
    defines = _acronym_asked(question) if answer_type in ("open", "name") else ""
    if defines:
        answer_type = "expansion"
    recipients = _asks_recipients(folded, qword)
    if answer_type in ("place", "open", "name") and recipients:
        answer_type = "org"  # "Đâu là nơi nhận báo cáo …?": the units of its "Nơi nhận" list
    numbered = numbered_part(folded)
    if numbered is not None and answer_type == "name" and head in _PART_CONTENT_HEADS:
        answer_type = "open"  # "Mục II.11 đề ra những giải pháp gì?": what the part says, not a name
    # An open question's nouns ("mục đích", "nội dung") name the section that answers it.
    dropped = [] if answer_type in ("open", "reason") else spans
    dropped += [numbered.span] if numbered is not None else []  # "nhiệm vụ số 14" points at a part
    dropped += role_spans if answer_type in ("org", "person") else []
    if defines:
        # "PTĐ trong báo cáo là viết tắt của gì?": the passage spelling out "(PTĐ)" says neither
        # "viết tắt" nor which document it sits in.
        dropped += [span for word in _EXPANSION_FRAME for span in _phrase_spans(folded, word)]
    full_name = re.match(r"\W*ho\s+(?:va\s+)?ten\b", folded)
    if full_name and answer_type in ("person", "signer"):
        dropped.append(full_name.span())  # "Họ tên người ký …" asks a name; "họ tên" is no topic to cover
    provinces = _provinces(folded)
    # A named province is scope (checked by khcn_qa.answer.scope), not topic to cover.
    dropped += [span for name in provinces for span in _phrase_spans(folded, fold(name))]
    # "… là mấy phần trăm?": the unit asked, which passages write as "%".
    dropped += [match.span() for match in re.finditer(r"\bphan tram\b", folded)]
    sequence, tokens, soft_stops = _topic_sequence(question, folded, dropped)
    return QuestionAnalysis(
        question=question,
        folded=folded,
        answer_type=answer_type,
        role=role,
        qword=qword,
        head=head,
        topic_sequence=sequence,
        tokens=tokens,
        soft_stops=soft_stops,
        years=tuple(dict.fromkeys(_YEAR_RE.findall(re.sub(r"\S*/\S*", " ", folded)))),
        numbers=tuple(dict.fromkeys(_NUMBER_RE.findall(re.sub(r"\S*\d[/-][a-z]\S*", " ", folded)))),
        months=tuple(dict.fromkeys((int(m), y) for m, y in _MONTH_RE.findall(folded))),
        quarters=quarters_in(folded),
        provinces=provinces,
        codes=coded,
        persons=_persons(question),
        count_noun=_count_noun(question, folded, qword) if answer_type == "number" else (),
        plural=_asks_for_several(folded, qword or found_qword[0], head) or recipients,
        recipients=recipients,
        role_stated=bool(role_spans),
        duty=(answer_type in ("open", "name") and _asks_duty(view)) or bool(works),
        excluded=_set_aside(folded),
        defines=defines,
        archive=answer_type == "place" and _ARCHIVE_RE.search(folded) is not None,
        off_domain=tuple(fold(w) for w in lexicon().off_domain if view.spans(w)),
        counted=_counted(folded) if answer_type not in ("number", "yes_no") else None,
        numbered=numbered,
    )


_COUNTED_RE = re.compile(r"(?<![\d/.,-])(\d{1,3})\s+([a-z]+(?:\s+[a-z]+)?)\b(?![/.-]\d)")
_NOT_A_COUNT_BEFORE = frozenset({"thang", "ngay", "nam", "quy", "so", "khoa", "thu", "muc", "dieu", "khoan", "luc"})
_TIME_NOUNS = frozenset({"nam", "thang", "ngay", "gio", "phut", "tuan", "quy"})


def _counted(folded: str) -> tuple[str, str] | None:
    """The first "<số> <danh từ>" of the question that counts something (not a date or a clause number)."""
    for match in _COUNTED_RE.finditer(folded):
        before = folded[: match.start()].split()[-1:]
        noun = match.group(2)
        if (before and before[0] in _NOT_A_COUNT_BEFORE) or noun.split()[0] in _TIME_NOUNS:
            continue  # "tháng 1", "Điều 6" name; "5 năm", "6 tháng" measure time
        if noun == "van ban":  # "4 văn bản kế hoạch" counts plans, as the text writes them ("04 Kế hoạch")
            rest = folded[match.end() :].lstrip()
            noun = next((k for k in lexicon().folded_kinds if rest.startswith(k + " ") or rest == k), noun)
        return str(int(match.group(1))), noun
    return None


_CARRIES_OUT_CODE_RE = re.compile(r"\b(?:thuc hien|trien khai|cu the hoa)\s+(?:[a-z]+\s+){0,2}?(?:so\s+)?\d+[/-]")
""""Chương trình hành động thực hiện NQ 14-NQ/TU là của ai?": whose the programme is, not who issued the resolution."""
_ISSUER_ASKED_RE = re.compile(
    r"\b(?:la\s+)?cua\s+(?:ai|co quan nao|cap nao)\W*$"
    r"|\bdo\s+(?:ai|dau|co quan nao|cap nao|don vi nao)\s+ban hanh\W*$|\b(?:co quan|cap) nao ban hanh\b"
    r"|\bthuoc\s+(?:ve\s+)?(?:co quan|cap|don vi)\s+nao\W*$"
)
"""Who issued the coded document the question names ("… 2828/KH-UBND do đâu ban hành?", "… 3680/KH-TĐC
thuộc cơ quan nào?")."""
_ARCHIVE_RE = re.compile(
    r"\bluu\b(?:\s+[a-z]+){0,2}?\s+(?:(?:o|tai|ve)\s+)?(?:dau|noi nao|bo phan nao)\b"
    r"|\bban luu\b.*\b(?:dau|noi nao|bo phan nao)\W*$"
)
_EXPANSION_FRAME = ("viet tat", "nghia", "tu", "bao cao", "ke hoach", "van ban", "tai lieu")


def classify_intent(question: str) -> str:
    """The coarse intent name of a question (see :attr:`QuestionAnalysis.intent`)."""
    return analyze_question(question).intent
