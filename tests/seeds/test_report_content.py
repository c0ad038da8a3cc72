"""Fundamentals report content: structure, statement names exist, tables well formed, English is ASCII."""

import re

from convproof.seeds.report_content import ContentSection, Display, TableData, Text, errata_section, sections
from convproof.verify import load_builtin


def _cells(lang):
    for sec in sections():
        for block in sec.blocks:
            if isinstance(block, TableData):
                yield sec.key, block, block.cells(lang)


def test_sections_and_statements():
    secs = sections()
    assert [s.key for s in secs] == ["dense", "activations", "losses", "descent", "optimizers", "graph", "beyond",
                                     "errata"]
    names = set(load_builtin().names())
    for sec in secs:
        assert isinstance(sec, ContentSection) and sec.title.en and sec.title.ru
        assert set(sec.statements) <= names, set(sec.statements) - names


def test_tables_well_formed():
    for lang in ("en", "ru"):
        for key, table, rows in _cells(lang):
            width = len(table.header(lang))
            assert rows, key
            assert all(len(r) == width for r in rows), key
            assert len(re.sub(r"\{[^}]*\}", "", table.columns)) == width, key


def test_english_is_ascii():
    for key, table, rows in _cells("en"):
        for cell in (*table.header("en"), *[c for r in rows for c in r], table.caption.en):
            assert all(ord(ch) < 128 for ch in cell), (key, cell)
    for sec in sections():
        for block in sec.blocks:
            if isinstance(block, Text):
                assert all(ord(ch) < 128 for ch in block.en), block.en
            if isinstance(block, Display):
                assert block.latex.count("{") == block.latex.count("}"), block.latex


def test_errata_lists_the_known_findings():
    tables = [b for b in errata_section().blocks if isinstance(b, TableData)]
    ids = " ".join(r[0] for t in tables for r in t.rows).replace("\\allowbreak{}", "").replace("\\_", "_")
    for known in ("dense.y1", "graph.L", "gd.f4", "conv.formula", "alexnet.sharing_params"):
        assert known in ids


def test_seed_quotes_are_marked():
    """Every table with a 'seed' column declares it a quote; the report's own cells are not quotes."""
    for lang in ("en", "ru"):
        for key, table, rows in _cells(lang):
            seed_cols = {i for i, h in enumerate(table.header("en")) if h.startswith("seed")}
            assert set(table.quotes) == seed_cols, (key, table.header("en"), table.quotes)
    quoted = [r[t.quotes[0]] for _, t, rows in _cells("en") if t.quotes for r in rows]
    assert any("0.1567" in q for q in quoted) and any("-1.9997" in q for q in quoted)


def test_value_cells_are_claims_of_the_report():
    rows = [r for _, t, rows in _cells("en") if t.header("en")[:3] == ("seed", "printed", "exact value") for r in rows]
    cells = {r[2] for r in rows}
    assert r"$- \frac{781241}{390625} = -1.99997696$" in cells      # f(x_4), which the seed prints as -1.9997
    assert any(c.startswith(r"$\left(1 - \tanh") and r"\approx 0.1565248558$" in c for c in cells)  # L
    assert not any("0.1567" in c for c in cells)


def test_graph_backward_pass_lists_gradients_before_use():
    graph = next(s for s in sections() if s.key == "graph")
    backward = [b for b in graph.blocks if isinstance(b, TableData)][1]
    denominators = re.compile(r"\\partial ((?:[^{} ]|\{[^{}]*\})+)\}")
    seen = set()
    for node, cell in backward.rows:
        lhs, rhs = cell.split(" = ", 1)
        used = set(denominators.findall(rhs)) - {"L"}
        assert used <= seen, (node, used - seen)
        seen.add(denominators.findall(lhs)[-1])
    assert {"w_{1}", "w_{2}", "b", "x_{1}", "x_{2}"} <= seen


def test_russian_cells_have_no_english_words():
    """Russian tables: statuses, Piecewise words and errata explanations are Russian, English stays English."""
    ru = [c for _, t, rows in _cells("ru") for r in rows for i, c in enumerate(r) if i not in t.quotes]
    en = [c for _, t, rows in _cells("en") for r in rows for i, c in enumerate(r) if i not in t.quotes]
    for word in (r"\text{otherwise}", r"\text{for}", "proved", "FAILS", "non-integer", "label:", "the sums run"):
        assert not any(word in c for c in ru), word
    assert any(r"\text{иначе}" in c for c in ru) and any(r"\text{при}\:" in c for c in ru)
    assert any(r"\text{otherwise}" in c for c in en) and any(c == "proved" for c in en)
    assert any(c == "non-integer" for c in en) and any(c == "не целое" for c in ru)


def test_errata_explanations_translated_with_the_same_numbers():
    table = next(b for b in errata_section().blocks if isinstance(b, TableData) and "what is wrong" in b.header_en)
    number = re.compile(r"-?\d+(?:\.\d+)?")
    assert len(table.rows) == len(table.rows_ru) >= 2
    for en, ru in zip(table.rows, table.rows_ru):
        assert en[:2] == ru[:2] and en[2] != ru[2]
        assert re.search("[а-яё]", ru[2]) and all(ord(ch) < 128 for ch in en[2])
        assert number.findall(en[2]) == number.findall(ru[2]), (en[2], ru[2])
