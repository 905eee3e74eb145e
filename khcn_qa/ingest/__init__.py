"""Ingest: read files, recover their structure, cut citable chunks."""
