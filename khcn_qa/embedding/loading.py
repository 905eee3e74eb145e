"""Opening sentence-transformers models quietly and with sensible CPU threads.

Shared by the converter's self-check and :mod:`khcn_qa.embedding.embedder`.
"""

from __future__ import annotations

import os
from typing import Any

_MAX_THREADS = 8


def configure_threads() -> None:
    """Use the cores this process may run on (capped), unless OMP_NUM_THREADS pins them.

    torch's default can exceed the cores a container grants; oversubscribing a
    2-core machine makes every batch slower.
    """
    import torch

    if os.environ.get("OMP_NUM_THREADS"):
        return
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    torch.set_num_threads(max(1, min(cores, _MAX_THREADS)))


def open_sentence_transformer(name_or_path: str, local_only: bool) -> Any:
    """``SentenceTransformer`` on CPU without transformers' progress bar in the CLI."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return SentenceTransformer(name_or_path, device="cpu", local_files_only=local_only)
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
