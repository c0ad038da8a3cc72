"""CI forms of a check: GitHub Actions annotations and JUnit XML (any CI reads one of them).

>>> from convproof.check.document import check_text
>>> rep = check_text("$$2 + 2 = 5$$", "md", "notes.md")
>>> github_lines([rep])[0].startswith("::error file=notes.md,line=1,title=convproof check::")
True
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .report import where

__all__ = ["github_lines", "to_junit"]


def _data(text: str) -> str:
    """Escape a workflow-command message (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """Escape a workflow-command property value (also ``:`` and ``,``)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(reports, verbose: bool = True) -> list[str]:
    """``::error`` for each wrong statement or unreadable file, ``::notice`` for unchecked displays.

    ``verbose=False`` leaves the notices out. Lines are GitHub Actions workflow commands:
    the run's log shows them as annotations on the file and line.
    """
    out = []
    for rep in reports:
        if rep.error:
            out.append(f"::error file={_prop(rep.file)},title=convproof check::{_data(rep.error)}")
        for e in rep.equations:
            if e.status == "wrong":
                level = "error"
            elif e.status == "unchecked" and e.display and verbose:
                level = "notice"
            else:
                continue
            out.append(f"::{level} file={_prop(rep.file)}{_position(e)},title=convproof check::"
                       f"{_data(_cell(e) + e.status + ': ' + e.message)}")
    return out


def _position(e) -> str:
    """``,line=N``: the file's line (a notebook's JSON line when known; none if unknown)."""
    if getattr(e, "cell", None) is None:
        return f",line={e.line}"
    return f",line={e.file_line}" if e.file_line is not None else ""


def _cell(e) -> str:
    return f"cell {e.cell} line {e.line}: " if getattr(e, "cell", None) is not None else ""


def _case(file: str, e) -> str:
    name = quoteattr(where(file, e) + (f" ({e.label})" if e.label else ""))
    head = f"<testcase classname={quoteattr(file)} name={name}>"
    if e.status == "wrong":
        return f"{head}<failure message={quoteattr(e.message)}>{escape(e.message)}</failure></testcase>"
    if e.status == "unchecked":
        return f"{head}<skipped message={quoteattr(e.message)}/></testcase>"
    return head + "</testcase>"


def to_junit(reports, suite: str = "convproof.check") -> str:
    """JUnit XML: a ``testsuite`` per file, a ``testcase`` per statement.

    ``wrong`` -> ``failure``, ``unchecked`` -> ``skipped``, an unreadable file -> ``error``.
    """
    out = ['<?xml version="1.0" encoding="utf-8"?>', f"<testsuites name={quoteattr(suite)}>"]
    for rep in reports:
        eqs = rep.equations
        fails = sum(e.status == "wrong" for e in eqs)
        skips = sum(e.status == "unchecked" for e in eqs)
        out.append(f"<testsuite name={quoteattr(rep.file)} tests=\"{len(eqs) + bool(rep.error)}\" "
                   f"failures=\"{fails}\" errors=\"{int(bool(rep.error))}\" skipped=\"{skips}\">")
        if rep.error:
            out.append(f"<testcase classname={quoteattr(rep.file)} name={quoteattr(rep.file)}>"
                       f"<error message={quoteattr(rep.error)}/></testcase>")
        out += [_case(rep.file, e) for e in eqs]
        out.append("</testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
