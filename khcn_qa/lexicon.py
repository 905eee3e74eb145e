"""The one home of domain knowledge: question words, answer-type nouns, provinces, columns.

Word lists live in ``khcn_qa/data/lexicon.json`` so that adding a head noun,
an abbreviation or a province alias is a data change that every stage sees
at once. Entries are written with diacritics; this module also offers their
folded form, because staff type questions without accents as often as with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from khcn_qa.text.normalize import fold, match_key, normalize_text


@dataclass(frozen=True)
class ColumnRule:
    """A table column role recognised by folded keywords, never by exact header text."""

    any_of: tuple[str, ...]
    none_of: tuple[str, ...]

    def matches(self, header: str) -> bool:
        """True when the folded header names this role."""
        name = " ".join(fold(header).split())
        return any(k in name for k in self.any_of) and not any(k in name for k in self.none_of)


@dataclass(frozen=True)
class Lexicon:
    """Folded views of ``lexicon.json``, built once per process."""

    question_words: dict[str, str]
    """Cue phrases (this one and the five below) are kept with accents, in ``match_key`` form."""
    ambiguous: frozenset[str]
    head_nouns: dict[str, str]
    modifier_compounds: frozenset[str]
    """Folded compounds ending in a head noun that modify the noun before them ("biên phòng")."""
    document_abbreviations: frozenset[str]
    """In ``match_key`` form, like the head nouns: a document head only before a number's question word."""
    aspect_nouns: tuple[str, ...]
    """Folded, longest first: "kết quả" of "Kết quả … là gì?", stated by a sentence opening with it."""
    role_cues: dict[str, tuple[str, ...]]
    topic_cues: tuple[tuple[str, tuple[str, ...]], ...]
    leading_nouns: dict[str, str]
    stop_words: frozenset[str]
    """Folded: used for questions typed without accents, where "đề" and "để" meet."""
    accented_stop_words: frozenset[str]
    """``match_key`` form: used when the question has accents, so "đề án" keeps "đề"."""
    domain_common: frozenset[str]
    abbreviations: dict[str, tuple[str, ...]]
    organisation_prefixes: tuple[str, ...]
    folded_prefixes: tuple[str, ...]
    """``organisation_prefixes`` folded, longest first: what unaccented text is matched against."""
    person_titles: tuple[str, ...]
    surnames: frozenset[str]
    """Vietnamese family names (NFC): an untitled capitalised run is a person only when it opens with one."""
    not_organisations: tuple[str, ...]
    """Folded phrases that start like a unit but are not one ("tổ chức", "báo cáo", "sở hữu")."""
    not_organisations_after: frozenset[str]
    """Folded compounds ending in a unit prefix ("dam bao", "can bo"): unaccented, no unit starts there."""
    person_roles: tuple[str, ...]
    """Posts held by a person ("giám đốc"): "ai là giám đốc …" asks for a name, not a unit."""
    false_friends: tuple[str, ...]
    """Phrases that, folded, contain a cue they do not mean ("phuong tien do" holds "tien do")."""
    synonyms: tuple[tuple[tuple[str, ...], ...], ...]
    """Groups of phrases (folded words) a paraphrase may use for one another ("đảm nhận" ~ "chủ trì")."""
    document_kinds: dict[str, str]
    provinces: dict[str, str]
    off_domain: tuple[str, ...]
    columns: dict[str, ColumnRule]
    section_nouns: tuple[str, ...] = ()
    """Folded names of the standard parts of a plan ("muc dich", "kinh phi"): an open question naming
    one is answered by that part of the document, whatever its words."""
    numbered_nouns: tuple[str, ...] = ()
    """Folded nouns a number names rather than counts ("trung uong", "ky hop"): "Trung ương mấy?"
    asks which one, answered by the noun with its number."""
    closing_parts: tuple[str, ...] = ()
    """Folded names of a document's closing parts ("noi nhan"): a question of any type naming one
    ("Nơi nhận gồm những ai?") is answered from that part."""
    countable_parts: tuple[str, ...] = ()
    """Folded nouns for the parts of a document ("muc", "nhiem vu", "phong"): "mấy mục / mấy nhiệm vụ"
    may be answered by counting the parts under a heading when no sentence writes the number."""
    term_heads: frozenset[str] = frozenset()
    """Folded nouns that open a defined term ("chi so", "nang suat"): "… xác định chỉ số đổi mới sáng
    tạo cấp địa phương (PII)" spells out PII from "chỉ số" on, not from the verb before it."""
    counted_alike: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """Nouns a count may use for one another though no paraphrase of a topic would ("bao nhiêu cơ
    quan" counted as "18 Sở, ban, ngành"): a Sở is a cơ quan, but "sở" does not mean "cơ quan"."""
    compounds_ending_in_a_unit: frozenset[str] = frozenset()
    """Folded words whose second syllable opens a unit's name ("thi truong", "co so"): "kinh tế thị
    trường định hướng …" names no "Trường"."""
    count_measures: frozenset[str] = frozenset()
    """Folded measure words a count opens with ("luot", "dot"): "bao nhiêu lượt đơn vị" is answered by
    "12 lượt Doanh nghiệp", the measure kept and the body counted named otherwise."""
    qualifiers: tuple[str, ...] = ()
    """Folded adjectives that describe a noun ("các lĩnh vực *quan trọng, thiết yếu*"): a list that
    opens with one describes the noun and names none of its items."""
    code_issuers: dict[str, str] = field(default_factory=dict)
    """Folded issuer part of a document code ("ubnd", "skhcn") → the body's name ("Ủy ban nhân dân")."""
    department_names: tuple[str, ...] = ()
    """Folded full names of provincial departments whose name has two parts ("so ke hoach va dau
    tu"): a flattened row that ends a unit at "Sở Kế hoạch" has cut one in half."""

    @cached_property
    def folded_kinds(self) -> tuple[str, ...]:
        """Document kinds folded, longest first ("chuong trinh hanh dong" before "chuong trinh")."""
        return tuple(sorted({fold(k) for k in self.document_kinds}, key=len, reverse=True))

    def province_successor(self, province: str) -> str | None:
        """The province ``province`` belongs to since the 2025 merger (itself when unchanged)."""
        return self.provinces.get(normalize_text(province))

    def document_kind_label(self, key: str | None) -> str:
        """Display word for a metadata ``doc_type`` key ("ke_hoach" → "Kế hoạch")."""
        for label, value in self.document_kinds.items():
            if value == key:
                return label
        return key or "Văn bản"


def _folded_map(raw: dict[str, str]) -> dict[str, str]:
    """Keys in ``match_key`` form (accents kept); callers fold them for unaccented questions."""
    return {match_key(k): v for k, v in raw.items() if not k.startswith("_")}


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(w for value in values for w in fold(value).split())


@cache
def lexicon() -> Lexicon:
    """Read and fold the lexicon file (cached: the file is read once per process)."""
    text = resources.files("khcn_qa").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    topic = tuple(
        (kind, tuple(match_key(c) for c in cues))
        for kind, cues in raw["topic_cues"].items()
        if not kind.startswith("_")
    )
    abbreviations = {
        fold(k): tuple(fold(v).split()) for k, v in raw["abbreviations"].items() if not k.startswith("_")
    }
    columns = {
        role: ColumnRule(tuple(fold(k) for k in rule["any"]), tuple(fold(k) for k in rule["not"]))
        for role, rule in raw["columns"].items()
        if not role.startswith("_")
    }
    return Lexicon(
        question_words=_folded_map(raw["question_words"]),
        ambiguous=frozenset(match_key(w) for w in raw["ambiguous_question_words"]),
        head_nouns=_folded_map(raw["head_nouns"]),
        modifier_compounds=frozenset(fold(w) for w in raw["modifier_compounds"]["words"]),
        document_abbreviations=frozenset(match_key(w) for w in raw["document_abbreviations"]["words"]),
        aspect_nouns=tuple(sorted((fold(w) for w in raw["aspect_nouns"]["words"]), key=len, reverse=True)),
        role_cues={k: tuple(match_key(c) for c in v) for k, v in raw["role_cues"].items() if not k.startswith("_")},
        topic_cues=topic,
        leading_nouns=_folded_map(raw["leading_nouns"]),
        stop_words=frozenset(fold(w) for w in raw["question_stop_words"]),
        accented_stop_words=frozenset(match_key(w) for w in raw["question_stop_words"]),
        domain_common=_words(raw["domain_common"]),
        abbreviations=abbreviations,
        organisation_prefixes=tuple(raw["organisation_prefixes"]),
        folded_prefixes=tuple(sorted({fold(p) for p in raw["organisation_prefixes"]}, key=len, reverse=True)),
        person_titles=tuple(raw["person_titles"]),
        surnames=frozenset(normalize_text(w) for w in raw["surnames"]),
        not_organisations=tuple(fold(w) for w in raw["not_organisations"]),
        not_organisations_after=frozenset(fold(w) for w in raw["not_organisations_after"]["words"]),
        person_roles=tuple(match_key(w) for w in raw["person_roles"]),
        false_friends=tuple(match_key(w) for w in raw["false_friends"]),
        synonyms=tuple(tuple(tuple(fold(p).split()) for p in group) for group in raw["synonyms"]),
        counted_alike=tuple(tuple(tuple(fold(p).split()) for p in group) for group in raw.get("counted_alike", [])),
        document_kinds={k: v for k, v in raw["document_kinds"].items() if not k.startswith("_")},
        provinces={normalize_text(k): v for k, v in raw["provinces"].items() if not k.startswith("_")},
        off_domain=tuple(match_key(w) for w in raw["off_domain"]),
        columns=columns,
        section_nouns=tuple(fold(w) for w in raw.get("section_nouns", [])),
        closing_parts=tuple(fold(w) for w in raw.get("closing_parts", [])),
        numbered_nouns=tuple(fold(w) for w in raw.get("numbered_nouns", [])),
        countable_parts=tuple(fold(w) for w in raw.get("countable_parts", [])),
        term_heads=frozenset(fold(w) for w in raw.get("term_heads", [])),
        count_measures=frozenset(fold(w) for w in raw.get("count_measures", [])),
        compounds_ending_in_a_unit=frozenset(fold(w) for w in raw.get("compounds_ending_in_a_unit", [])),
        qualifiers=tuple(fold(w) for w in raw.get("qualifiers", [])),
        code_issuers={fold(k): v for k, v in raw.get("code_issuers", {}).items() if not k.startswith("_")},
        department_names=tuple(fold(w) for w in raw.get("department_names", []) if not w.startswith("_")),
    )


@cache
def nouns_of_kind(kind: str) -> frozenset[str]:
    """Folded head nouns of one answer type ("org": "don vi", "doanh nghiep", "truong" …)."""
    return frozenset(fold(noun) for noun, of in lexicon().head_nouns.items() if of == kind)
