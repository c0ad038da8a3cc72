"""Fundamentals report content: structure, statement names exist, tables well formed, English is ASCII."""

import re

from convproof.nn.report_content import ContentSection, Equation, TableData, Text, errata_section, sections
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
            if isinstance(block, Equation):
                assert block.latex.count("{") == block.latex.count("}"), block.latex


def test_errata_lists_the_known_findings():
    ids = " ".join(r[0] for r in errata_section().blocks[1].rows).replace("\\allowbreak{}", "").replace("\\_", "_")
    for known in ("dense.y1", "graph.L", "gd.f4", "conv.formula", "alexnet.sharing_params"):
        assert known in ids
