"""The one writer of the errata files in ``reports/errata/``: the seed modules' tables
(``seed002.md``, ``seed004.md``) and the checker's errata of the seed documents (``seeds.md`` / ``seeds.json``)."""

from __future__ import annotations

import json
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


def write_errata(out_dir: Path, stem: str, markdown: str, data: dict) -> list[Path]:
    """Write ``<stem>.md`` and ``<stem>.json`` (indented, UTF-8) into ``out_dir``; the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{stem}.md", out_dir / f"{stem}.json"]
    write_text(paths[0], markdown)
    write_text(paths[1], json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return paths
