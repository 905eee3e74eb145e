"""Opening sentence-transformers models quietly and with sensible CPU threads.

Shared by the converter's self-check and :mod:`khcn_qa.embedding.embedder`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
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


@contextlib.contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run a block with ``count`` intra-op threads, then restore the previous setting.

    A one-query forward pass is a few tiny matmuls; splitting them across
    threads costs more in barriers than it saves, and on a busy 2-core
    machine each barrier waits for a time slice (measured here: 330 ms median
    per query with 2 threads vs 33 ms with 1, while batches of passages still
    gain from 2 threads: 28 vs 16 passages/s).
    """
    import torch

    previous = torch.get_num_threads()
    if previous == count:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
