"""The Streamlit shell: pure HTML rendering, upload handling, widgets and CLI commands.

``render`` and ``uploads`` are plain functions testable without Streamlit;
``chat``, ``documents`` and ``sidebar`` draw widgets; ``commands`` holds the
``serve`` and ``feedback`` click commands the CLI registers.
"""
