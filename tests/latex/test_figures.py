"""PNG pictures: deterministic bytes, PNG signature, bad input rejected."""

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from convproof.errors import ConvProofError  # noqa: E402
from convproof.latex.figures import counts_png, sparsity_png, windows_png  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _pattern():
    t = np.zeros((3, 5), int)
    for i in range(3):
        t[i, i:i + 3] = [1, 2, 3]
    return t


@pytest.mark.parametrize("draw, arg", [
    (lambda a, p: sparsity_png(a, p, labels=["a", "b", "c"]), _pattern()),
    (lambda a, p: windows_png(a, p, numbers=np.arange(1, 17).reshape(4, 4)),
     np.stack([np.pad(np.ones((2, 2), int), ((r, 2 - r), (c, 2 - c))) for r in range(3) for c in range(3)])),
    (counts_png, np.array([[1, 2, 1], [2, 4, 2]])),
])
def test_same_bytes_twice(tmp_path, draw, arg):
    draw(arg, tmp_path / "a.png")
    draw(arg, tmp_path / "b.png")
    data = (tmp_path / "a.png").read_bytes()
    assert data.startswith(PNG) and data == (tmp_path / "b.png").read_bytes()
    assert b"Software" not in data and b"Date" not in data


def test_bad_arrays(tmp_path):
    with pytest.raises(ConvProofError, match="pattern"):
        sparsity_png(np.zeros((2, 2, 2)), tmp_path / "x.png")
    with pytest.raises(ConvProofError, match="masks"):
        windows_png(np.zeros((0, 3)), tmp_path / "x.png")
