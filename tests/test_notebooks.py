"""The example notebooks run top to bottom on a clean kernel, and are committed without outputs.

Skipped when nbclient / ipykernel are not installed (``pip install -e ".[docs]"`` installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))

nbformat = pytest.importorskip("nbformat")


def test_there_are_notebooks():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01_", "02_", "03_", "04_"][: len(NOTEBOOKS)] and NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def _run(path):
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    return nb


def _text(nb) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            out.append(o.get("text", ""))
            out += [str(v) for v in o.get("data", {}).values()]
    return "\n".join(out)


EXPECT = {
    "01_matrices": ["f_{2}", "| forward | holds |", "image/png", r"\delta_{0}^{(l+1)}"],
    "02_check_implementation": ["agrees with the reference", "smallest failing spec",
                                "first differing entry"],
    "03_check_lecture_note": ["**wrong**", "claimed", "0 wrong"],
    "04_theorems": ["proved for all integers (z3", "refuted (z3", "the transposed convolution has length",
                    r"$\texttt{size.transposed}$", "| `size.output_count` | proved |"],
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_runs_on_a_clean_kernel(path):
    nb = _run(path)
    text = _text(nb) + "\n".join(k for c in nb.cells for o in c.get("outputs", []) for k in o.get("data", {}))
    for needle in EXPECT.get(path.stem, []):
        assert needle in text, needle
