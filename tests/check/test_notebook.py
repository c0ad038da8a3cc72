"""Jupyter notebooks (issue 17, item 7): Markdown cells checked, positions as cell and line."""

import json
import shutil
from pathlib import Path

import pytest

from convproof.check import document
from convproof.check.notebook import NotebookError, check_notebook, markdown_cells
from convproof.cli import main

FIXTURE = Path(__file__).parents[1] / "data" / "notes.ipynb"


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "notes.ipynb"
    shutil.copy(FIXTURE, path)
    return str(path)


def file_line_of(text):
    """Line of the fixture's JSON file holding ``text`` (found independently of the checker)."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_markdown_cells_only():
    cells = markdown_cells(FIXTURE.read_text(encoding="utf-8"))
    assert [c for c, _ in cells] == [1, 3, 4]
    assert all("print(" not in source for _, source in cells)


def test_text_output_cell_and_line(notebook, capsys):
    assert main(["check", notebook]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{notebook}:cell 3:line 2: holds" in "\n".join(out)
    assert any(line.startswith(f"{notebook}:cell 3:line 5: wrong") for line in out)
    assert any(line.startswith(f"{notebook}:cell 4:line 2: unchecked") for line in out)
    # the code cell's output '$$2 + 2 = 5$$' is not mathematics of the notes
    assert out[-1].startswith("4 equations in 1 file(s): 1 holds, 1 wrong, 2 unchecked")


def test_json_output(notebook, capsys):
    main(["check", notebook, "--json"])
    eqs = json.loads(capsys.readouterr().out)["files"][0]["equations"]
    got = [(e["cell"], e["line"], e["status"], e["file_line"]) for e in eqs]
    assert got == [(1, 3, "unchecked", file_line_of("Выход")),
                   (3, 2, "holds", file_line_of(r"2 \\cdot 3 + 1 = 7")),
                   (3, 5, "wrong", file_line_of("ReLU}(-1)")),
                   (4, 2, "unchecked", file_line_of("Unknown:"))]


def test_github_output_uses_the_json_line(notebook, capsys):
    main(["check", notebook, "--format", "github"])
    out = capsys.readouterr().out.splitlines()
    errors = [line for line in out if line.startswith("::error")]
    assert errors == [f"::error file={notebook.replace(':', '%3A').replace(',', '%2C')},"
                      f"line={file_line_of('ReLU}(-1)')},title=convproof check::"
                      "cell 3 line 5: wrong: 1 value differs: claimed 5, expected 4 (value 4)"]


def test_github_without_a_file_line_names_the_cell():
    rep = check_notebook(json.dumps({"cells": [{"cell_type": "markdown", "source": ["$$1 + 1 = 3$$"]}]}),
                         "n.ipynb")
    rep.equations[0].file_line = None
    from convproof.check.ci import github_lines
    assert github_lines([rep]) == ["::error file=n.ipynb,title=convproof check::cell 1 line 1: wrong: "
                                   + rep.equations[0].message]


def test_compact_json_notebook_lines_are_within_cells():
    nb = {"cells": [{"cell_type": "markdown", "source": ["a\n", "$$3 \\cdot 3 = 9$$"]},
                    {"cell_type": "markdown", "source": "$$3 \\cdot 3 = 8$$"}]}
    eqs = check_notebook(json.dumps(nb), "n.ipynb").equations
    assert [(e.cell, e.line, e.status, e.file_line) for e in eqs] == [(1, 2, "holds", 1), (2, 1, "wrong", 1)]


@pytest.mark.parametrize("raw, match", [
    ("not json", "not JSON"),
    ("[1, 2]", "no 'cells'"),
    ('{"cells": {}}', "no 'cells'"),
    ('{"cells": [1]}', "cell 1 is not an object"),
    ('{"cells": [{"cell_type": "markdown", "source": 3}]}', "cell 1: 'source'"),
])
def test_not_a_notebook(raw, match):
    with pytest.raises(NotebookError, match=match):
        check_notebook(raw, "x.ipynb")


def test_not_a_notebook_cli_is_unreadable(tmp_path, capsys):
    path = tmp_path / "bad.ipynb"
    path.write_text("$$1 + 1 = 2$$", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "unreadable: not JSON" in capsys.readouterr().out


def test_size_limit_applies(notebook, monkeypatch, capsys):
    monkeypatch.setattr(document, "MAX_DOCUMENT_BYTES", 10)
    assert main(["check", notebook]) == 2
    assert "over the limit" in capsys.readouterr().out


def test_fix_leaves_notebooks_alone(notebook, capsys):
    before = Path(notebook).read_bytes()
    assert main(["check", notebook, "--fix"]) == 1
    assert Path(notebook).read_bytes() == before
    assert not list(Path(notebook).parent.glob("*.fixed.*"))
    assert "does not rewrite notebooks" in capsys.readouterr().err


def test_help_mentions_notebooks(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert ".ipynb" in capsys.readouterr().out


def test_junit_and_markdown_name_the_cell(notebook, tmp_path):
    junit = tmp_path / "r.xml"
    main(["check", notebook, "--junit", str(junit)])
    assert f'name="{notebook}:cell 3:line 5"' in junit.read_text(encoding="utf-8")
    from convproof.check import check_notebook as api
    table = api(FIXTURE.read_text(encoding="utf-8"), "notes.ipynb")._repr_markdown_()
    assert "| cell 3, line 5 | **wrong** |" in table
