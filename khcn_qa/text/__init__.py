"""The one place for Vietnamese text rules, used alike for documents and queries."""
