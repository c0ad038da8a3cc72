"""``convproof check``: output lines, JSON schema, --fix, --format, exit codes."""

import json

import pytest

from convproof.cli import main

GOOD = "Some text.\n\n$$2 + 3 = 5$$\n\n$$\\tanh(0.285) \\approx 0.278$$\n"
BAD = "$$6 \\cdot 3 + 5 \\cdot 2 = 29$$\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_exit_zero_and_lines(tmp_path, capsys):
    path = write(tmp_path, "ok.md", GOOD)
    assert main(["check", path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:3: holds")
    assert out[1].startswith(f"{path}:5: holds")
    assert out[-1].startswith("2 equations in 1 file(s): 2 holds, 0 wrong")


def test_exit_one_when_wrong(tmp_path, capsys):
    path = write(tmp_path, "bad.txt", BAD)
    assert main(["check", path]) == 1
    assert f"{path}:1: wrong" in capsys.readouterr().out


def test_exit_two_for_unreadable(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.tex")]) == 2
    binary = tmp_path / "junk.md"
    binary.write_bytes(b"\x00\x01\x02$$1=2$$")
    assert main(["check", str(binary)]) == 2
    bad_utf8 = tmp_path / "latin.md"
    bad_utf8.write_bytes(b"$$1 = 1$$ \xff\xfe")
    assert main(["check", str(bad_utf8)]) == 2


def test_json_schema(tmp_path, capsys):
    path = write(tmp_path, "bad.md", BAD + "\n$$a := 1$$\n")
    assert main(["check", "--json", path]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"files", "summary"}
    (f,) = data["files"]
    assert f["file"] == path
    for eq in f["equations"]:
        assert set(eq) == {"line", "label", "status", "kind", "message", "mismatches"}
        assert eq["status"] in ("holds", "wrong", "unchecked")
    wrong = f["equations"][0]
    assert wrong["line"] == 1 and wrong["status"] == "wrong"
    assert wrong["mismatches"] == [{"row": None, "col": None, "claimed": "29", "expected": "28"}]
    assert data["summary"]["wrong"] == 1 and data["summary"]["equations"] == 2


def test_fix_writes_corrected_copy(tmp_path, capsys):
    path = write(tmp_path, "notes.tex", "\\begin{equation}\\label{e}\n 6 \\cdot 3 = 17\n\\end{equation}\n")
    assert main(["check", "--fix", path]) == 1
    fixed = tmp_path / "notes.fixed.tex"
    assert fixed.read_text() == "\\begin{equation}\\label{e}\n 6 \\cdot 3 = 18\n\\end{equation}\n"
    assert main(["check", str(fixed)]) == 0
    capsys.readouterr()


def test_label_in_json(tmp_path, capsys):
    path = write(tmp_path, "l.tex", "\\begin{equation}\\label{eq:a} 1 + 1 = 2 \\end{equation}")
    main(["check", "--json", path])
    assert json.loads(capsys.readouterr().out)["files"][0]["equations"][0]["label"] == "eq:a"


@pytest.mark.parametrize("fmt, expected", [("md", 1), ("tex", 0)])
def test_format_flag(tmp_path, capsys, fmt, expected):
    path = write(tmp_path, "x.notes", "% $$1 = 2$$\n")
    assert main(["check", "--format", fmt, path]) == expected
    capsys.readouterr()


def test_seed_documents_give_findings(capsys):
    import pathlib
    seeds = pathlib.Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("seed documents not available")
    assert main(["check", "--quiet", str(seeds / "000_d50da6e0cc260722.txt")]) == 1
    out = capsys.readouterr().out
    assert ":270: wrong" in out and ":308: wrong" in out
