"""Retrieval: lexical, dense and fused search over one index generation."""
