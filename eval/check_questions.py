"""Validate a khcn-qa gold question set (``eval/questions.jsonl`` by default).

Checks, for every record:

* the fields and their types (``id``, ``question``, ``type``, ``sources``, ``evidence``,
  ``answers``, ``diacritics``, ``paraphrase``, optional ``note``);
* that ``diacritics`` agrees with the question text (``false`` means no Vietnamese marks);
* that an ``unanswerable`` record has no sources, evidence or answers, and every other
  record has 1-3 evidence strings of 4-12 words and at least one answer;
* that every evidence string occurs in one of the record's source files without
  running across a table cell boundary (a tab), and every source file contains at
  least one of the evidence strings;
* that every answer string occurs in at least one source file (a yes/no verdict,
  "Có" or "Không", need not). An answer that does
  not occur is reported as a *variant* (a spelling the system may produce, such as
  ``40 %`` or an abbreviation); a record none of whose answers occurs is an error.

Text is compared after :func:`normalise`: Unicode NFC, markdown ``**`` / ``##`` and
``<i>`` / ``</i>`` removed, tabs and newlines turned into spaces, runs of whitespace
collapsed to one space, lower case.

Then the coverage targets of the set are checked (size, per type, per source,
unaccented and paraphrased questions) and a summary is printed. Exit status: 0 when
there are no errors (variants are only listed), 1 otherwise.

Usage::

    python eval/check_questions.py [--questions eval/questions.jsonl] [--corpus corpus]

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = ROOT / "eval" / "questions.jsonl"
DEFAULT_CORPUS = ROOT / "corpus"

TYPES: dict[str, int] = {
    "who_lead": 8,
    "who_coordinate": 6,
    "when": 8,
    "how_many": 8,
    "product": 6,
    "about": 8,
    "signer": 3,
    "doc_info": 6,
    "cross_doc": 5,
    "unanswerable": 12,
}
NEW_TYPES = ("which", "yes_no")
"""Types added with the question-grammar rebuild; no minimum count for the old gold set."""
SPLITS = ("dev", "test")
YES_NO = ("có", "không")
FORMS = (
    "ai", "x_nao", "bao_nhieu", "may", "khi_nao", "bao_gio", "bao_lau", "o_dau", "la_gi",
    "gom_nhung_gi", "nhu_the_nao", "tai_sao", "co_khong", "ngay_nao", "gi", "other",
)
POSITIONS = ("start", "middle", "end")
UNANSWERABLE_KINDS = ("province", "person", "year", "figure", "document", "off_domain", "empty", "other")
MIN_QUESTIONS = 90
MIN_PER_SOURCE = 10
MIN_UNACCENTED = 25
MIN_PARAPHRASE = 15
EVIDENCE_WORDS = (4, 12)
REQUIRED: dict[str, type] = {
    "id": str,
    "question": str,
    "type": str,
    "sources": list,
    "evidence": list,
    "answers": list,
    "diacritics": bool,
    "paraphrase": bool,
}
OPTIONAL: dict[str, type] = {
    "note": str,
    "split": str,
    "form": str,
    "head": str,
    "position": str,
    "unanswerable_kind": str,
}
CHOICES: dict[str, tuple[str, ...]] = {
    "split": SPLITS,
    "form": FORMS,
    "position": POSITIONS,
    "unanswerable_kind": UNANSWERABLE_KINDS,
}

_MARKUP_RE = re.compile(r"\*\*|##|</?i>", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
_ID_RE = re.compile(r"^[a-z]\d{3,}$")
CELL_MARK = "\u241e"  # SYMBOL FOR RECORD SEPARATOR: never in the documents


def normalise(text: str, *, keep_cells: bool = False) -> str:
    """NFC, markdown/HTML remnants removed, whitespace collapsed, lower case.

    With ``keep_cells`` a tab (a table cell boundary) becomes a visible mark instead
    of a space, so an evidence string that runs from one cell into the next no
    longer matches.
    """
    text = unicodedata.normalize("NFC", text)
    if keep_cells:
        text = text.replace("\t", f" {CELL_MARK} ")
    text = _MARKUP_RE.sub("", text)
    text = _SPACE_RE.sub(" ", text)
    return text.strip().lower()


def has_diacritics(text: str) -> bool:
    """True when the text carries any combining mark or the letter đ/Đ."""
    decomposed = unicodedata.normalize("NFD", text)
    return any(unicodedata.combining(ch) for ch in decomposed) or any(ch in "đĐ" for ch in text)


@dataclass
class Report:
    """Problems found while checking; errors fail the run, variants are informational."""

    errors: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)

    def error(self, qid: str, message: str) -> None:
        self.errors.append(f"{qid}: {message}")


@dataclass(frozen=True)
class Document:
    """One corpus file in the two normalised forms the checks use."""

    text: str  # for answers
    cells: str  # for evidence: table cell boundaries kept


def load_corpus(corpus_dir: Path) -> dict[str, Document]:
    """Map each ``*.txt`` file name in the corpus to its normalised forms."""
    corpus: dict[str, Document] = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        corpus[path.name] = Document(normalise(raw), normalise(raw, keep_cells=True))
    return corpus


def load_records(path: Path, report: Report) -> list[dict[str, Any]]:
    """Parse the JSONL file; unparsable lines are reported and skipped."""
    records: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            report.error(f"line {number}", f"invalid JSON ({exc})")
            continue
        if not isinstance(value, dict):
            report.error(f"line {number}", "not a JSON object")
            continue
        records.append(value)
    return records


def check_fields(record: dict[str, Any], qid: str, report: Report) -> bool:
    """Field presence and types; returns False when the record cannot be checked further."""
    ok = True
    for name, kind in REQUIRED.items():
        if name not in record:
            report.error(qid, f"missing field {name!r}")
            ok = False
        elif not isinstance(record[name], kind):
            report.error(qid, f"field {name!r} should be {kind.__name__}")
            ok = False
    for name, kind in OPTIONAL.items():
        if name in record and not isinstance(record[name], kind):
            report.error(qid, f"field {name!r} should be {kind.__name__}")
            ok = False
    for name, allowed in CHOICES.items():
        if isinstance(record.get(name), str) and record[name] not in allowed:
            report.error(qid, f"field {name!r} is {record[name]!r}; expected one of {list(allowed)}")
    extra = set(record) - set(REQUIRED) - set(OPTIONAL)
    if extra:
        report.error(qid, f"unknown fields {sorted(extra)}")
    for name in ("sources", "evidence", "answers"):
        value = record.get(name)
        if isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
            report.error(qid, f"{name!r} must hold non-empty strings")
            ok = False
    return ok


def check_header(record: dict[str, Any], report: Report) -> None:
    """Id format, non-empty question, known type, diacritics flag."""
    qid = record["id"]
    if not _ID_RE.match(qid):
        report.error(qid, "id should look like q001 (a letter, then 3+ digits)")
    if not record["question"].strip():
        report.error(qid, "empty question")
    if record["type"] not in TYPES and record["type"] not in NEW_TYPES:
        report.error(qid, f"unknown type {record['type']!r}")
    if record["diacritics"] != has_diacritics(record["question"]):
        report.error(qid, f"diacritics={record['diacritics']} disagrees with the question text")


def check_shape(record: dict[str, Any], corpus: dict[str, Document], report: Report) -> bool:
    """Sources, evidence and answers present as the type requires; False stops the checks."""
    qid, kind = record["id"], record["type"]
    sources: list[str] = record["sources"]
    evidence: list[str] = record["evidence"]
    answers: list[str] = record["answers"]
    if kind == "unanswerable":
        if sources or evidence or answers:
            report.error(qid, "unanswerable records take empty sources, evidence and answers")
        return False
    unknown = [s for s in sources if s not in corpus]
    if unknown or not sources:
        report.error(qid, f"unknown or missing source files {unknown or sources}")
        return False
    if len(set(sources)) != len(sources):
        report.error(qid, "duplicate sources")
    if kind == "cross_doc" and len(sources) < 2:
        report.error(qid, "cross_doc needs at least two sources")
    if not 1 <= len(evidence) <= 3:
        report.error(qid, f"{len(evidence)} evidence strings (want 1-3)")
    if not answers:
        report.error(qid, "no answers")
    return True


def check_evidence(record: dict[str, Any], corpus: dict[str, Document], report: Report) -> None:
    """Every evidence string lies in a source (within cells); every source holds one."""
    qid = record["id"]
    sources: list[str] = record["sources"]
    for item in record["evidence"]:
        if _MARKUP_RE.search(item) or "\t" in item or "\n" in item:
            report.error(qid, f"evidence carries markup, a tab or a newline: {item!r}")
        words = len(item.split())
        if not EVIDENCE_WORDS[0] <= words <= EVIDENCE_WORDS[1]:
            report.error(qid, f"evidence has {words} words (want 4-12): {item!r}")
        key = normalise(item)
        if not any(key in corpus[s].cells for s in sources):
            crosses = any(key in corpus[s].text for s in sources)
            where = "across a table cell boundary in" if crosses else "in"
            report.error(qid, f"evidence not found {where} {sources}: {item!r}")
    keys = [normalise(item) for item in record["evidence"]]
    for source in sources:
        if keys and not any(key in corpus[source].cells for key in keys):
            report.error(qid, f"no evidence string occurs in source {source}")


def check_answers(record: dict[str, Any], corpus: dict[str, Document], report: Report) -> None:
    """Answers found in the sources; the others are listed as variants."""
    qid = record["id"]
    sources: list[str] = record["sources"]
    found = 0
    for answer in record["answers"]:
        if record["type"] == "yes_no" and normalise(answer) in YES_NO:
            found += 1  # the verdict is the answer; the document states the fact, not the word
        elif any(normalise(answer) in corpus[s].text for s in sources):
            found += 1
        else:
            report.variants.append(f"{qid}: answer variant not in source text: {answer!r}")
    if record["answers"] and not found:
        report.error(qid, f"none of the answers occurs in {sources}: {record['answers']}")


def check_record(record: dict[str, Any], corpus: dict[str, Document], report: Report) -> None:
    """All per-record checks (the fields are known to be present and typed)."""
    check_header(record, report)
    if check_shape(record, corpus, report):
        check_evidence(record, corpus, report)
        check_answers(record, corpus, report)


def check_set(records: list[dict[str, Any]], corpus: dict[str, Document], report: Report) -> None:
    """Uniqueness and coverage targets over the whole set."""
    ids = Counter(r["id"] for r in records)
    for qid, count in ids.items():
        if count > 1:
            report.error(qid, f"id used {count} times")
    questions = Counter(normalise(r["question"]) for r in records)
    for text, count in questions.items():
        if count > 1:
            report.error("set", f"question repeated {count} times: {text!r}")
    if len(records) < MIN_QUESTIONS:
        report.error("set", f"{len(records)} questions (want at least {MIN_QUESTIONS})")
    per_type = Counter(r["type"] for r in records)
    for kind, minimum in TYPES.items():
        if per_type[kind] < minimum:
            report.error("set", f"{per_type[kind]} {kind} questions (want at least {minimum})")
    per_source = Counter(s for r in records for s in r["sources"])
    for source in corpus:
        if per_source[source] < MIN_PER_SOURCE:
            report.error(
                "set", f"{per_source[source]} questions on {source} (want {MIN_PER_SOURCE})"
            )
    unaccented = sum(1 for r in records if not r["diacritics"])
    if unaccented < MIN_UNACCENTED:
        report.error("set", f"{unaccented} unaccented questions (want {MIN_UNACCENTED})")
    paraphrased = sum(1 for r in records if r["paraphrase"])
    if paraphrased < MIN_PARAPHRASE:
        report.error("set", f"{paraphrased} paraphrased questions (want {MIN_PARAPHRASE})")


def out(line: str = "") -> None:
    """Write one line to standard output."""
    sys.stdout.write(line + "\n")


def print_summary(records: list[dict[str, Any]], corpus: dict[str, Document]) -> None:
    """Counts per type, per source, unaccented and paraphrased."""
    out(f"questions: {len(records)}")
    per_type = Counter(r["type"] for r in records)
    out("per type:")
    for kind in TYPES:
        out(f"  {kind:<15} {per_type[kind]:>3}  (min {TYPES[kind]})")
    per_source = Counter(s for r in records for s in r["sources"])
    out("per source (a cross_doc question counts for each of its sources):")
    for source in corpus:
        out(f"  {source:<50} {per_source[source]:>3}")
    unaccented = sum(1 for r in records if not r["diacritics"])
    paraphrased = sum(1 for r in records if r["paraphrase"])
    out(f"unaccented (diacritics=false): {unaccented}")
    out(f"paraphrase=true: {paraphrased}")


def main(argv: list[str] | None = None) -> int:
    """Run every check, print the summary and problems; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)

    report = Report()
    corpus = load_corpus(args.corpus)
    if not corpus:
        sys.stderr.write(f"no .txt files in {args.corpus}\n")
        return 1
    records = load_records(args.questions, report)
    checked = []
    for index, record in enumerate(records, start=1):
        qid = record.get("id") if isinstance(record.get("id"), str) else f"record {index}"
        if check_fields(record, qid, report):
            check_record(record, corpus, report)
            checked.append(record)
    check_set(checked, corpus, report)

    print_summary(checked, corpus)
    if report.variants:
        out(f"\nanswer variants not found verbatim in the sources ({len(report.variants)}):")
        for line in report.variants:
            out(f"  {line}")
    if report.errors:
        out(f"\nERRORS ({len(report.errors)}):")
        for line in report.errors:
            out(f"  {line}")
        return 1
    out("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
