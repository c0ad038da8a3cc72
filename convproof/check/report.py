"""Output formats of the checker: ``file:line: status message`` lines, JSON, corrected copies.

The JSON schema (issue 6)::

    {"files": [{"file": ..., "equations": [{"line", "label", "status", "kind", "message",
                "mismatches": [{"row", "col", "claimed", "expected"}]}]}],
     (notebooks add "cell" and "file_line" to each equation; "line" is then within the cell)
     "summary": {"files", "equations", "holds", "wrong", "unchecked", "truncated"}}

>>> from convproof.check.document import check_text
>>> rep = check_text("$$1 + 1 = 2$$", "md", "a.md")
>>> text_lines([rep])[0]
'a.md:1: holds holds exactly (1 value) [exact]'
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["apply_fixes", "fixed_path", "summary", "text_lines", "to_json", "where"]


def summary(reports) -> dict:
    """Counts over all files."""
    eqs = [e for r in reports for e in r.equations]
    return {"files": len(reports), "equations": len(eqs),
            "holds": sum(e.status == "holds" for e in eqs),
            "wrong": sum(e.status == "wrong" for e in eqs),
            "unchecked": sum(e.status == "unchecked" for e in eqs),
            "truncated": sum(e.kind == "truncated" for e in eqs)}


def where(file: str, e) -> str:
    """``notes.md:12`` or, for a notebook cell, ``notes.ipynb:cell 4:line 2``."""
    if getattr(e, "cell", None) is not None:
        return f"{file}:cell {e.cell}:line {e.line}"
    return f"{file}:{e.line}"


def text_lines(reports, verbose: bool = True) -> list[str]:
    """One line per statement (``verbose=False`` drops unchecked inline math) plus a summary."""
    lines = []
    for rep in reports:
        if rep.error:
            lines.append(f"{rep.file}: error: {rep.error}")
        for e in rep.equations:
            if not verbose and e.status == "unchecked" and not e.display:
                continue
            lines.append(f"{where(rep.file, e)}: {e.status} {e.message} [{e.kind}]")
    return lines


def summary_line(reports) -> str:
    """``N equations in F files: a holds, b wrong, c unchecked (t truncated values)``."""
    s = summary(reports)
    return (f"{s['equations']} equations in {s['files']} file(s): {s['holds']} holds, "
            f"{s['wrong']} wrong, {s['unchecked']} unchecked ({s['truncated']} truncated values)")


def to_json(reports) -> dict:
    """The JSON document of the issue's schema."""
    files = []
    for rep in reports:
        eqs = [_equation_json(e) for e in rep.equations]
        entry = {"file": rep.file, "equations": eqs}
        if rep.error:
            entry["error"] = rep.error
        files.append(entry)
    return {"files": files, "summary": summary(reports)}


def _equation_json(e) -> dict:
    out = {"line": e.line, "label": e.label, "status": e.status, "kind": e.kind, "message": e.message,
           "mismatches": [{k: m.get(k) for k in ("row", "col", "claimed", "expected")}
                          for m in e.mismatches]}
    if getattr(e, "cell", None) is not None:  # a notebook: line is within the cell
        out["cell"], out["file_line"] = e.cell, e.file_line
    return out


def dumps(reports) -> str:
    """JSON text."""
    return json.dumps(to_json(reports), ensure_ascii=False, indent=2)


def apply_fixes(text: str, reports_or_eqs) -> str:
    """``text`` with every wrong entry replaced by its expected LaTeX (non-overlapping fixes)."""
    fixes = sorted({f for e in reports_or_eqs for f in e.fixes}, key=lambda f: (f[0], -f[1]))
    out, last = [], 0
    for start, end, new in fixes:
        if start < last:
            continue
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out)


def fixed_path(path: str) -> Path:
    """``notes.tex`` -> ``notes.fixed.tex`` beside it."""
    p = Path(path)
    return p.with_name(p.stem + ".fixed" + p.suffix)
