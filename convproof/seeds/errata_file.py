"""Writing an errata table to ``reports/errata/`` (shared by the seed modules' ``main``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from ..files import write_text


def write_main(render: Callable[[], str], default: str, argv: list[str] | None = None) -> int:
    """Write ``render()`` to the path given as the only argument (default ``default``); exit code 0."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path(default)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, render())
    print(f"wrote {path}")
    return 0
