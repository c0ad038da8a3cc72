"""The CLI dispatcher and the `shape` subcommand, run as a user would (in-process and as a script)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from convproof import __version__
from convproof.cli import main


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"convproof {__version__}"
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "shape" in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: convproof" in capsys.readouterr().out


def test_shape_json(capsys):
    assert main(["shape", "-i", "24", "-k", "3", "-s", "2", "-p", "1", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["output_size"] == [12]
    assert rec["preimages"] == [{"count": 2, "input_size": [23, 24], "output_padding": [0, 1]}]
    assert rec["parameters"] == 4 and rec["parameters_without_bias"] == 3


def test_shape_2d_same_tensorflow(capsys):
    assert main(["shape", "-i", "224x224", "-k", "7", "-s", "2", "-p", "same", "--same-convention", "tf",
                 "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["padding"] == [[2, 3], [2, 3]] and rec["output_size"] == [112, 112]


@pytest.mark.parametrize("argv,needle", [
    (["shape", "-i", "4x4", "-k", "5"], "kernel span d*(k-1)+1=5 exceeds padded input"),
    (["shape", "-i", "4x", "-k", "3"], "--input='4x': expected an integer"),
    (["shape", "-i", "8", "-k", "3", "-p", "1:x"], "--padding='1:x'"),
    (["shape", "-i", "8", "-k", "3", "-s", "2", "-p", "same"], "requires stride 1"),
], ids=["kernel-too-wide", "bad-size", "bad-padding", "same-stride"])
def test_shape_errors_are_one_line_exit_2(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_module_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "convproof", "shape", "-i", "5", "-k", "3", "-p", "same"],
                         capture_output=True, text=True, check=True).stdout
    assert "1D conv 5, kernel 3, stride 1, padding 1 -> 5" in out


def test_closed_pipe_ends_quietly_with_141():
    # a reader such as `head` closed the pipe: every print raises BrokenPipeError
    code = ("import sys, convproof.cli as c\n"
            "class Closed:\n"
            "    def write(self, s): raise BrokenPipeError\n"
            "    def flush(self): pass\n"
            "    def fileno(self): return 1\n"
            "sys.stdout = Closed()\n"
            "sys.exit(c.main(['shape', '-i', '5', '-k', '3']))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 141 and "Traceback" not in proc.stderr, proc.stderr


def test_shape_huge_stride_prints_a_range(capsys):
    assert main(["shape", "-i", "5", "-k", "3", "-s", "1000000000", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["preimages"] == [{"count": 10**9, "input_size": [3, 10**9 + 2], "output_padding": [0, 10**9 - 1]}]
    assert main(["shape", "-i", "4x4", "-k", "3", "-s", "1000000000"]) == 0
    assert "3..1000000002 (1000000000 sizes" in capsys.readouterr().out
