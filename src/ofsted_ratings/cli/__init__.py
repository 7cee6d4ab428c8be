"""The ``ofsted-ratings`` command line: ``main`` is its entry point."""

from __future__ import annotations

from .commands import main

__all__ = ["main"]
