"""The documentation builds with warnings as errors, and every internal link of the result resolves.

This is the docs build CI runs (the README's single test command covers it). Skipped when Sphinx or
myst-nb is not installed (``pip install -e ".[docs]"``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("sphinx")
pytest.importorskip("myst_nb")
pytest.importorskip("ipykernel")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           "-d", str(out / ".doctrees"), str(ROOT / "docs"), str(out)],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    assert proc.returncode == 0 and not warnings, proc.stderr[-4000:]
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def _broken(site: Path) -> tuple[list[str], int]:
    pages = {p: _parse(p) for p in site.rglob("*.html") if ".doctrees" not in p.parts}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue  # external: not checked (CI has no network)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    return broken, len(pages)


def test_every_internal_link_resolves(site):
    broken, n_pages = _broken(site)
    assert not broken, "\n".join(broken)
    assert n_pages > 20


def test_the_link_check_finds_planted_breaks(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text('<h1 id="top">A</h1><a href="sub/b.html#x">ok</a>'
                                     '<a href="https://example.org/">external</a><a href="#top">self</a>')
    (tmp_path / "sub" / "b.html").write_text('<p id="x"></p><a href="../a.html#nope">bad anchor</a>'
                                             '<a href="missing.html">bad page</a>')
    broken, _ = _broken(tmp_path)
    assert broken == ["sub/b.html -> ../a.html#nope (no such anchor)", "sub/b.html -> missing.html"]


def test_a_page_per_subcommand_with_its_exit_codes(site):
    from convproof.cli import SUBCOMMANDS

    for name in SUBCOMMANDS:
        text = _text(site / "cli" / f"{name}.html")
        assert f"convproof {name}" in text and "Exit codes" in text, name
        assert "$ convproof " + name in text  # the --help text generated at build time


def test_tutorials_are_executed(site):
    text = _text(site / "_generated" / "tutorials" / "02_check_implementation.html")
    assert "smallest failing spec" in text  # an output cell, not the source
    assert list((site / "_images").glob("*.png"))  # the sparsity pictures
    theorems = _text(site / "_generated" / "tutorials" / "04_theorems.html")
    assert "refuted (z3" in theorems and "the transposed convolution has length" in theorems


def test_api_reference_from_docstrings(site):
    text = _text(site / "_generated" / "api" / "convproof.geometry.html")
    assert "ConvSpec" in text and "output_size" in text
    assert "check_implementation" in _text(site / "_generated" / "api" / "convproof.testing.html")
