"""How text is prepared for a given embedding model family.

Models disagree on their input: e5 wants ``query: ``/``passage: `` prompts,
PhoBERT-based bi-encoders were trained on pyvi word-segmented text
(``khoa_học``), most others take plain text. Getting this wrong degrades
retrieval without any error, so the choice is made once, here, from the
model's name or config, with ``$KHCN_QA_EMBED_PROFILE`` as the override.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from khcn_qa.errors import ModelError

PROFILE_ENV = "KHCN_QA_EMBED_PROFILE"
PROFILE_NAMES = ("e5", "phobert", "plain")
_PHOBERT_MARKERS = ("phobert", "vietnamese-bi-encoder")


@dataclass(frozen=True)
class Profile:
    """Text preparation for one model family.

    ``query_prompt``/``passage_prompt`` are passed to ``encode`` explicitly
    (an empty string too), so a model's configured default prompt never
    sneaks in; ``segment`` asks for pyvi word segmentation.
    """

    name: str
    query_prompt: str = ""
    passage_prompt: str = ""
    segment: bool = False

    def prepare(self, text: str) -> str:
        """Apply word segmentation when the family needs it (text is already normalised)."""
        return segment_words(text) if self.segment else text


PROFILES = {
    "e5": Profile("e5", query_prompt="query: ", passage_prompt="passage: "),
    "phobert": Profile("phobert", segment=True),
    "plain": Profile("plain"),
}


def segment_words(text: str) -> str:
    """Join Vietnamese multi-syllable words with underscores, as PhoBERT expects."""
    from khcn_qa.text.segmenter import segmenter

    return segmenter().tokenize(text)


def _config_says_phobert(model_config: Mapping[str, Any] | None) -> bool:
    if not model_config:
        return False
    fields = [str(model_config.get("model_type", "")), str(model_config.get("tokenizer_class", ""))]
    fields += [str(a) for a in model_config.get("architectures") or []]
    fields.append(str(model_config.get("_name_or_path", "")))
    return any("phobert" in f.lower() for f in fields)


def detect_profile(model_name: str, model_config: Mapping[str, Any] | None = None) -> Profile:
    """Pick the profile: ``$KHCN_QA_EMBED_PROFILE`` if set, else from name and config.

    ``model_config`` is the transformer's ``config.json`` (or tokenizer
    config) as a mapping; a PhoBERT fine-tune often hides behind a neutral
    name but its config still says ``phobert``.
    """
    from khcn_qa.config import settings

    forced = settings().embed_profile or ""
    if forced:
        if forced not in PROFILES:
            raise ModelError(
                f"{PROFILE_ENV}={forced!r} không hợp lệ: hãy đặt một trong {', '.join(PROFILE_NAMES)}."
            )
        return PROFILES[forced]
    lowered = model_name.lower()
    if any(marker in lowered for marker in _PHOBERT_MARKERS) or _config_says_phobert(model_config):
        return PROFILES["phobert"]
    if "e5" in lowered:
        return PROFILES["e5"]
    return PROFILES["plain"]
