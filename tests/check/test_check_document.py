"""Bounded work in the checker: linear extraction, a per-document time budget, safe file reading."""

from __future__ import annotations

import os

import pytest

from convproof.check import document, extract as ex
from convproof.cli import main


class _CountingFinder(ex._Finder):
    scanned = 0

    def find(self, needle, pos):
        before = self.memo.get(needle)
        out = super().find(needle, pos)
        if self.memo.get(needle) is not before:  # a real search: count the characters it covered
            type(self).scanned += (len(self.doc) if out < 0 else out + len(needle)) - pos
        return out


@pytest.mark.parametrize("doc, fmt", [
    ("\\[ " * 20000, "md"), ("\\begin{equation} " * 20000, "tex"), ("\\( x " * 20000, "md"),
    ("`` x ` " * 20000, "md"), ("\\verb|x " * 20000, "tex"), ("$$ a \\$$ " * 20000, "md"),
], ids=["brackets", "begin", "parens", "ticks", "verb", "escaped-dollars"])
def test_closing_delimiters_are_searched_in_linear_total_work(monkeypatch, doc, fmt):
    """Searches for closing delimiters cover each character a bounded number of times (was once per opening)."""
    _CountingFinder.scanned = 0
    monkeypatch.setattr(ex, "_Finder", _CountingFinder)
    ex.extract(doc, fmt)
    assert _CountingFinder.scanned <= 4 * len(doc)


def test_many_displays_and_code_spans_are_all_found():
    doc = "$$a = 1$$\n" * 20000 + "`$x$` " * 20000
    eqs = ex.extract(doc, "md")
    assert len(eqs) == 20000 and eqs[-1].line == 20000 and eqs[-1].text == "a = 1"


def test_document_budget_leaves_later_statements_unchecked():
    text = "$$ (a+b+c+d)^{300} = 0 $$\n" * 3 + "$$ 2 + 2 = 4 $$\n"
    rep = document.check_text(text, "md", "x.md", budget=0.5)
    assert [e.status for e in rep.equations] == ["unchecked"] * 4
    assert "time budget of 0.5 s ran out" in rep.equations[0].message
    assert all("time budget of 0.5 s was spent" in e.message for e in rep.equations[1:])


def test_zero_budget_checks_nothing_and_says_so():
    rep = document.check_text("$$1 = 1$$ $$2 = 3$$", "md", "x.md", budget=0)
    assert [(e.status, e.kind) for e in rep.equations] == [("unchecked", "budget")] * 2


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "too-big"])
def test_non_regular_or_huge_files_are_refused(tmp_path, capsys, monkeypatch, kind):
    path = {"device": "/dev/zero", "directory": str(tmp_path)}.get(kind, str(tmp_path / "f.md"))
    if kind == "fifo":
        os.mkfifo(path)
    if kind == "too-big":
        monkeypatch.setattr(document, "MAX_DOCUMENT_BYTES", 10)
        (tmp_path / "f.md").write_text("$$1 = 1$$ and more", encoding="utf-8")
    assert main(["check", path]) == 2
    out = capsys.readouterr().out
    assert "unreadable: " in out
    assert ("over the limit of 10 bytes" if kind == "too-big" else "not a regular file") in out


def test_regular_file_is_read(tmp_path):
    p = tmp_path / "ok.md"
    p.write_text("$$1 + 1 = 2$$", encoding="utf-8")
    assert document.read_document(str(p)) == "$$1 + 1 = 2$$"
