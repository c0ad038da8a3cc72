"""The Russian fundamentals report: statement statuses in Russian, no English prose left in the .tex."""

import re
from pathlib import Path

from convproof.seeds.report_content import sections
from convproof.reports.fundamentals import STATUS_RU, to_section

REPORTS = Path(__file__).resolve().parents[2] / "reports"


def test_statement_status_is_translated():
    dense = sections()[0]
    ru, en = to_section(dense, "ru").blocks[-1], to_section(dense, "en").blocks[-1]
    assert ru.title.startswith("Проверено") and en.title.startswith("Verified")
    assert all(item.endswith(": доказано") for item in ru.items), ru.items
    assert all(item.endswith(": proven") for item in en.items), en.items
    assert set(STATUS_RU) == {"proven", "failed", "skipped"}


def _prose(tex: str) -> str:
    """The document body without seed quotes, comments, math, \\texttt ids and command names."""
    body = tex.split(r"\begin{document}", 1)[1]
    body = re.sub(r"% convproof-check: off\n.*?% convproof-check: on", "", body, flags=re.S)  # the seed's quotes
    body = re.sub(r"%.*", "", body)
    body = re.sub(r"\\begin\{equation\*\}.*?\\end\{equation\*\}", "", body, flags=re.S)
    body = re.sub(r"\$[^$]*\$", "", body)
    body = re.sub(r"\\texttt\{(?:[^{}]|\{\})*\}", "", body)
    body = re.sub(r"\\(?:begin|end)\{[^}]*\}(?:\{[^}]*\})?", "", body)
    return re.sub(r"\\[A-Za-z]+", "", body)


def test_committed_russian_report_has_no_english_prose():
    words = set(re.findall(r"[A-Za-z]{2,}", _prose((REPORTS / "fundamentals-ru.tex").read_text(encoding="utf-8"))))
    names = {"id", "convproof", "verify", "PyTorch", "SymPy", "ReLU", "relu", "leaky", "sigmoid", "tanh", "Softmax",
             "MSE", "MAE", "BCE", "Adagrad", "Adam", "Duchi", "Kingma", "Ba", "input"}  # names; input(i-x, j-y) is the seed's
    assert words <= names, words - names
    assert r"\text{otherwise}" not in (REPORTS / "fundamentals-ru.tex").read_text(encoding="utf-8")
