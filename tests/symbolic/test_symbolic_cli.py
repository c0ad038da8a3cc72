"""``convproof symbolic``: matrices, outputs, gradients and proofs from the command line."""

import pytest

from convproof.cli import main


def run(capsys, *argv):
    code = main(["symbolic", *argv])
    return code, capsys.readouterr()


def test_padded_toeplitz_in_lecture_notation(capsys):
    code, out = run(capsys, "--input", "5", "--kernel", "3", "--padding", "same", "--padded", "--latex")
    assert code == 0
    assert r"f_{1} & f_{2} & f_{3} & 0 & 0 & 0 & 0" in out.out


def test_forward_gradients_transposed_overlap(capsys):
    code, out = run(capsys, "-i", "3", "-k", "2", "--show", "forward", "--show", "gradients",
                    "--show", "transposed-conv", "--show", "overlap", "--letters", "x,w,z,g")
    assert code == 0
    assert "z_{1} = w_{1}*x_{1} + w_{2}*x_{2}" in out.out
    assert "dL/dx_{2} = g_{1}*w_{2} + g_{2}*w_{1}" in out.out
    assert "[1 2 1]" in out.out


def test_zero_based_column_major(capsys):
    code, out = run(capsys, "-i", "2x2", "-k", "1x1", "--order", "F", "--base", "0", "--latex")
    assert code == 0 and "f_{00}" in out.out


def test_prove_structural_large(capsys):
    code, out = run(capsys, "-i", "64x64", "-k", "3x3", "-p", "same", "--prove", "structural")
    assert code == 0 and out.out.count("[holds]") == 3


def test_prove_symbolic_small_reflect(capsys):
    code, out = run(capsys, "-i", "4x3", "-k", "2x2", "-p", "1", "--padding-mode", "reflect", "--prove")
    assert code == 0 and "weight_sharing" in out.out and "FAILS" not in out.out


@pytest.mark.parametrize("argv, message", [
    (["-i", "128x128", "-k", "3x3", "-p", "same"], "--max-entries"),
    (["-i", "3", "-k", "2", "--letters", "y,f"], "--letters"),
])
def test_errors(capsys, argv, message):
    code, out = run(capsys, *argv)
    assert code != 0 and message in out.err
