"""The built-in reports' generated .tex equal the committed files (any change is a visible diff).

Regenerate with ``python -c "from convproof.reports import build_all; build_all('reports')"``.
"""

import difflib
import re
from pathlib import Path

import pytest

from convproof.reports import BUILTIN, available, build_report, report_stem

REPORTS = Path(__file__).resolve().parents[2] / "reports"
# Registry statuses come from convproof.verify's time-budgeted searches; they are that package's to test.
# Compare the statement names only, so this test pins what the reports layer writes.
_STATUS = re.compile(r"^\\item .*?(\\texttt\{[^}]*\}): .*$", re.M)


def _pinned(tex: str) -> str:
    return _STATUS.sub(r"\\item \1", tex)


CASES = [(name, lang) for name, (_, _, langs) in BUILTIN.items() for lang in langs]


@pytest.mark.parametrize("name, lang", CASES, ids=[report_stem(n, lang) for n, lang in CASES])
def test_generated_tex_equals_committed(name, lang):
    if not available(name):
        pytest.skip(f"{name}: content module not available")
    stem = report_stem(name, lang)
    committed = (REPORTS / f"{stem}.tex").read_text(encoding="utf-8")
    generated = build_report(name, lang).latex(stem=stem)
    generated, committed = _pinned(generated), _pinned(committed)
    if generated != committed:
        diff = "".join(list(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                                 f"reports/{stem}.tex (committed)", "generated"))[:60])
        pytest.fail(f"reports/{stem}.tex is out of date; regenerate it (build_all). First lines of the diff:\n{diff}")


def test_committed_pdfs_and_figures_exist():
    for name, lang in CASES:
        if available(name):
            assert (REPORTS / f"{report_stem(name, lang)}.pdf").stat().st_size > 10_000
    tex = (REPORTS / "lecture.tex").read_text(encoding="utf-8")
    for line in tex.splitlines():
        if r"\includegraphics" in line:
            assert (REPORTS / line.split("{")[-1].rstrip("}")).is_file(), line
