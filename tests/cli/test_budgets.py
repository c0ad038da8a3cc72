"""CLI reproductions of the size budgets: a clear error before any large allocation, sizes in Python ints."""

from __future__ import annotations

import pytest

from convproof.cli import main


@pytest.mark.parametrize("argv, match", [
    (["symbolic", "-i", "3037000500x3037000500", "-k", "2x2", "--show", "toeplitz"],
     "9223372030926249001x9223372037000250000 entries"),
    (["report", "-i", "1000000000", "-k", "3", "--no-registry"], "2,999,999,994 kernel-times-input products"),
    (["report", "-i", "128x128", "-k", "3x3"], "142,884 kernel-times-input products, over the report budget"),
    (["report", "-i", "5", "-k", "3", "--in-channels", "100000"], "over the report budget"),
], ids=["symbolic-int64-overflow", "report-1d-huge", "report-128x128", "report-channels"])
def test_budget_errors_come_first(tmp_path, capsys, argv, match):
    argv = argv + (["-o", str(tmp_path)] if argv[0] == "report" else [])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert match in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())
