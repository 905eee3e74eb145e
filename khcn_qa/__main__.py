"""``python -m khcn_qa`` runs the CLI (used by tests that need a separate process)."""

from khcn_qa.cli import main

main()
