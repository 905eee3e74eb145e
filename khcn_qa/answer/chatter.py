"""The polite frame staff put around a question, taken off before it is read.

"Cho em hỏi, tỷ lệ chi … là bao nhiêu, để em ghi vào báo cáo ạ" asks exactly
what "tỷ lệ chi … là bao nhiêu" asks. Left on, the frame's words ("em",
"ghi", "báo cáo") count as topic words no passage covers, so a right answer
scores a confidence of 0.03 against 0.13 without them, and "báo cáo" pulls
search toward reports. Only frames that cannot be the question's content
are taken: a request to ask, the asker's own errand before a colon, a
purpose clause about the asker ("để em …"), thanks and closing particles.
Folding keeps positions, so the patterns run on the folded text and cut the
question as typed.
"""

from __future__ import annotations

import re

from khcn_qa.text.normalize import fold

_ASKER = r"(?:em|minh|toi|chau|tui)"
"""Who asks, folded; "anh", "chị" only where they cannot be "chi" (spend) or "anh" in a name."""
_ADDRESSEE = r"(?:anh|chi|ban|ad|em)"
_OPENING_RE = re.compile(
    rf"^\W*(?:"
    rf"(?:(?:anh\s+chi|anh|chi|ban|thay|co)\s+)?"  # "Anh chị cho hỏi:", "Bạn cho mình hỏi"
    rf"(?:(?:xin\s+)?cho\s+(?:phep\s+)?{_ASKER}\s+(?:duoc\s+)?hoi|xin\s+hoi|cho\s+hoi|hoi\s+(?:chut|xiu|nhanh))"
    rf"(?:\s+(?:chut|xiu|voi|nhe|nha|a))*\s*[,:.]?"  # "Cho em hỏi chút," / "Xin hỏi:"
    rf"|{_ADDRESSEE}\s+oi\s*[,:.]?"  # "Anh ơi," / "Bạn ơi,"
    rf"|{_ASKER}\s+(?:dang|muon|can|se)\s+[^:?]{{3,80}}:"  # "Em đang lập bảng theo dõi văn bản:"
    rf")\s*"
)
_CLOSING_RE = re.compile(
    rf"(?:[,;]?\s+de\s+{_ASKER}\s+[^,;?]{{3,60}}?)?"  # ", để em ghi vào báo cáo"
    r"(?:[,;.]?\s+(?:cam on|thank(?:s| you))(?:\s+(?:nhieu|ban|anh|chi|a|nhe))*)?"  # "… cảm ơn nhiều"
    r"(?:\s+(?:a|nhe|nha|ah))*"  # "… ạ", "… nhé"
    r"\s*([?.!]*)\s*$"
)


_CHECKED_TAG_RE = re.compile(
    r"[,;]?\s*(?:thong tin|dieu|viec|noi dung)\s+(?:do|nay|tren)\s+(?:co\s+)?(?:chinh xac|dung|that|dung su that)\s+(?:khong|chua)\s*(\?*)\s*$"
)
""""…, thông tin đó có chính xác không?" asks what "… phải không?" asks, in more words."""


def without_chatter(question: str) -> str:
    """``question`` without the polite frame around it; the question itself when nothing is left."""
    if tag := _CHECKED_TAG_RE.search(fold(question)):
        question = f"{question[: tag.start()].rstrip()} phải không?"
    folded = fold(question)
    start = 0
    if opening := _OPENING_RE.match(folded):
        start = opening.end()
    closing = _CLOSING_RE.search(folded, start)
    end = closing.start() if closing else len(question)
    core = question[start:end].strip(" ,;:")
    if len(core.split()) < 2:
        return question
    mark = closing.group(1)[:1] if closing and closing.group(1) else ""
    return core if core.endswith(("?", ".", "!")) else core + mark
