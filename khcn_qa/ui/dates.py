"""Dates as staff write them: dd/mm/yyyy, for the UI and the CLI alike."""

from __future__ import annotations

import re

_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def display_date(date: str) -> str:
    """Vietnamese day/month/year (or month/year) for an ISO date; anything else unchanged."""
    match = _ISO_DATE_RE.match(date)
    if not match:
        return date
    year, month, day = match.groups()
    return f"{day}/{month}/{year}" if day else f"{month}/{year}"


def display_time(stamp: str) -> str:
    """``2026-12-01T09:15:00`` as ``01/12/2026 09:15``; anything else unchanged."""
    date, _, time = stamp.partition("T")
    return f"{display_date(date)} {time[:5]}".strip() if time else display_date(date)
