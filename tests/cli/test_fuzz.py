"""Fuzzing the command line in-process: any argument strings end in a result or the project's error.

Exit codes (README, ``convproof.cli``): 0 success, 1 a failed check, 2 a usage error with a
one-line message (argparse's own errors exit 2 through ``SystemExit``). Never a traceback, never a
foreign exception. Sizes stay small so each example is quick; hostile values come from a fixed list.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convproof import verify
from convproof.cli import main

HOSTILE = ["", "-", "-x", "--", "../x", "/dev/full", "/proc/x", "x" * 300, "a" * 3000, "9" * 5000,
           "y,y,y,y", "\\input{x}", "}", "Свёртка", "1:2:3", "0x0", "3x3x3x3", "nan", "1e3", "-3", "0",
           "same", "valid", "full", "reflect", "tensorflow", "l}", "${x}", "a b", "\x00", "%", "#"]
SMALL = st.integers(-2, 6).map(str)
SIZE = st.one_of(SMALL, st.tuples(st.integers(0, 5), st.integers(0, 5)).map(lambda t: f"{t[0]}x{t[1]}"))
VALUE = st.one_of(SIZE, st.sampled_from(HOSTILE))
SPEC = ["-i", "-k", "-s", "-p", "-d", "--in-channels", "--out-channels", "--groups", "--padding-mode",
        "--output-padding", "--same-convention"]
OPTIONS = {
    "shape": SPEC + ["--json"],
    "symbolic": SPEC + ["--show", "--letters", "--layer", "--base", "--order", "--latex", "--padded", "--prove"],
    "report": SPEC + ["--stem", "--title", "--lang", "--fragment", "--input-letter", "--kernel-letter",
                      "--grad-letter", "--max-size", "--base", "--mul", "-o"],
    "check": ["--fix", "--json", "--quiet", "--format", "FILE"],
    "verify": ["--junit", "--markdown", "--jobs", "--json"],
    "build": ["-o", "--jobs", "--seeds", "--no-pdf", "--thorough"],
}
FLAGS = {"--json", "--latex", "--padded", "--fragment", "--quiet", "--fix", "--no-pdf", "--thorough"}


def _argv(command: str, pairs: list[tuple[str, str]], out: Path) -> list[str]:
    argv = [command]
    for option, value in pairs:
        if option in FLAGS:
            argv.append(option)
        elif option == "FILE":  # another document to check: a hostile path
            argv.append(value)
        elif option in ("-o", "--junit", "--markdown") and value in ("0", "1", "2"):
            argv.append(f"{option}={out / value}")  # some writes into the test's own folder
        else:
            argv.append(f"{option}={value}")
    if command == "report":
        argv += ["--no-registry"] + ([] if any(a.startswith("-o") for a in argv) else ["-o", str(out)])
    if command == "verify":
        argv += ["--list", "shape.*"]
    if command == "build":
        argv += ["--no-reports"] + ([] if any(a.startswith("-o") for a in argv) else ["-o", str(out)])
    if command == "check":
        doc = out / "notes.md"
        doc.write_text("$$1 + 1 = 3$$ and $$2 \\cdot 3 = 6$$\n", encoding="utf-8")
        argv.append(str(doc))
    return argv


def _run(argv: list[str], capsys) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        code = exc.code
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err[-500:])
    assert "Traceback" not in err and "Traceback" not in out, (argv, err[-2000:])
    if code == 2 and argv[0] != "check":  # check reports an unreadable file in its report, on stdout
        assert err.strip().splitlines()[-1].startswith(("convproof", "usage:")), (argv, err[-500:])
    if code == 2:
        assert (err + out).strip(), argv


def _case(command: str):
    options = st.sampled_from(OPTIONS[command])
    return st.lists(st.tuples(options, VALUE), max_size=6)


@pytest.fixture
def quick_verify(monkeypatch):
    """``build`` would verify every statement; the fuzz is about its arguments, not the statements."""
    monkeypatch.setattr(verify, "run_all", lambda **kwargs: [])


@pytest.mark.parametrize("command, examples", [("shape", 40), ("symbolic", 25), ("report", 12), ("check", 15),
                                               ("verify", 15), ("build", 15)])
def test_any_arguments_end_in_a_result_or_the_projects_error(command, examples, quick_verify, capsys):
    @settings(max_examples=examples, deadline=None)
    @given(pairs=_case(command))
    def run(pairs):
        with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):  # relative outputs land there too
            _run(_argv(command, pairs, Path(tmp)), capsys)

    run()
