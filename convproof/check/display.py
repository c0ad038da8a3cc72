"""How a checked document shows itself in a REPL or Jupyter: short counts, a Markdown table.

>>> from convproof.check.document import check_text
>>> rep = check_text("$$2 + 2 = 5$$ and $$1 + 1 = 2$$", "md", "a.md")
>>> counts_text(rep)
'2 statements: 1 holds, 1 wrong, 0 unchecked'
"""

from __future__ import annotations

__all__ = ["counts_text", "markdown"]

_MARK = {"holds": "holds", "wrong": "**wrong**", "unchecked": "unchecked"}


def counts_text(report) -> str:
    """``N statements: a holds, b wrong, c unchecked`` (``unreadable: ...`` for a file error)."""
    if report.error:
        return f"error: {report.error}"
    n = {s: sum(e.status == s for e in report.equations) for s in ("holds", "wrong", "unchecked")}
    return (f"{len(report.equations)} statements: {n['holds']} holds, {n['wrong']} wrong, "
            f"{n['unchecked']} unchecked")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _line(e) -> str:
    """The line, or ``cell 4, line 2`` for a notebook's statement."""
    return f"cell {e.cell}, line {e.line}" if getattr(e, "cell", None) is not None else str(e.line)


def markdown(report) -> str:
    """A Markdown table of the statements (inline math that was not checked is left out)."""
    lines = [f"**{_cell(report.file)}**: {counts_text(report)}", ""]
    shown = [e for e in report.equations if e.status != "unchecked" or e.display]
    if shown:
        lines += ["| line | verdict | kind | message |", "|---|---|---|---|"]
        lines += [f"| {_line(e)} | {_MARK.get(e.status, e.status)} | {e.kind} | {_cell(e.message)} |"
                  for e in shown]
    return "\n".join(lines) + "\n"
