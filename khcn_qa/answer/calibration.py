"""The abstention threshold: calibrated on the dev questions, stored as data, read by ``ask``.

``khcn-qa eval --calibrate`` replays the dev split's confidences and writes
the threshold that best separates unanswerable questions into the index
folder (``answer_calibration.json``); ``--write-default`` also writes it into
the package, which is what a fresh install uses. Nobody edits the number by
hand. The file records the embedding model the questions were run with: a
different model retrieves different passages, so a threshold calibrated for
one model is reported as stale for another.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

CALIBRATION_FILE = "answer_calibration.json"
FALLBACK_THRESHOLD = 0.30
"""Used only when neither the index nor the package carries a calibration file."""


@dataclass(frozen=True)
class Calibration:
    """Where the abstention threshold came from."""

    abstain_below: float
    model: str = ""
    questions: str = ""
    split: str = "dev"
    criterion: str = ""
    created_at: str = ""
    origin: str = "package"

    def to_json(self) -> str:
        """The file's content (``origin`` is where it was read from, not stored)."""
        data = asdict(self)
        data.pop("origin")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _read(text: str, origin: str) -> Calibration | None:
    try:
        data = json.loads(text)
        return Calibration(
            abstain_below=float(data["abstain_below"]),
            model=str(data.get("model", "")),
            questions=str(data.get("questions", "")),
            split=str(data.get("split", "dev")),
            criterion=str(data.get("criterion", "")),
            created_at=str(data.get("created_at", "")),
            origin=origin,
        )
    except (ValueError, KeyError, TypeError) as error:
        log.warning("Bỏ qua tệp hiệu chỉnh hỏng (%s): %s", origin, error)
        return None


def packaged_path() -> Path:
    """The calibration shipped with the package (``khcn_qa/data/answer_calibration.json``)."""
    return Path(str(resources.files("khcn_qa").joinpath("data", CALIBRATION_FILE)))


def load_calibration(index_dir: Path | None = None, model: str | None = None) -> Calibration:
    """The index folder's calibration, else the packaged one, else the fallback threshold."""
    candidates = []
    if index_dir is not None:
        candidates.append((Path(index_dir) / CALIBRATION_FILE, "index"))
    candidates.append((packaged_path(), "package"))
    for path, origin in candidates:
        if path.is_file():
            found = _read(path.read_text(encoding="utf-8"), origin)
            if found is not None:
                if model and found.model and found.model != model:
                    log.warning(
                        "Ngưỡng từ chối được hiệu chỉnh với mô hình %s, chỉ mục dùng %s; "
                        "chạy `khcn-qa eval --calibrate` để hiệu chỉnh lại.", found.model, model,
                    )
                return found
    return Calibration(FALLBACK_THRESHOLD, origin="fallback")


def save_calibration(calibration: Calibration, path: Path) -> Path:
    """Write atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(calibration.to_json(), encoding="utf-8")
    tmp.replace(path)
    return path
