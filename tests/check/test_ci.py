"""``convproof check --format github`` and ``--junit FILE``: CI forms, same exit codes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from convproof.check import check_text
from convproof.check.ci import github_lines, to_junit
from convproof.cli import main

NOTES = "# Notes\n\n$$2 + 2 = 5$$\n\n$$3 \\cdot 4 = 12$$\n"


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_github_annotations_point_at_the_wrong_line(notes, capsys):
    assert main(["check", "--format", "github", str(notes)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"::error file={notes},line=3,title=convproof check::wrong: " \
                     "1 value differs: claimed 5, expected 4 (value 4)"
    assert out[-1].startswith("2 equations in 1 file(s): 1 holds, 1 wrong")


def test_exit_codes_unchanged(tmp_path, capsys):
    good = tmp_path / "good.tex"
    good.write_text("\\[ 1 + 1 = 2 \\]\n", encoding="utf-8")
    assert main(["check", "--format", "github", str(good)]) == 0
    assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert main(["check", "--format", "github", str(tmp_path / "missing.md")]) == 2
    assert capsys.readouterr().out.startswith(f"::error file={tmp_path / 'missing.md'},title=convproof check::")


def test_annotation_escapes_newlines_percent_and_property_separators():
    rep = check_text("$$2 + 2 = 5$$", "md", "a,b:c.md")
    rep.equations[0].message = "50% off\nnext"
    line = github_lines([rep])[0]
    assert line.startswith("::error file=a%2Cb%3Ac.md,line=1,")
    assert line.endswith("::wrong: 50%25 off%0Anext")


def test_quiet_drops_notices():
    rep = check_text("$$\\text{see the figure}$$", "md", "a.md")
    assert [e.status for e in rep.equations] == ["unchecked"]
    assert github_lines([rep])[0].startswith("::notice file=a.md,line=1,")
    assert github_lines([rep], verbose=False) == []


def test_junit_file(notes, tmp_path, capsys):
    out = tmp_path / "ci" / "check.xml"
    assert main(["check", "--junit", str(out), str(notes)]) == 1
    suite = ET.parse(out).getroot().find("testsuite")
    assert suite.get("name") == str(notes) and suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert "claimed 5, expected 4" in failure.get("message")
    assert f"{notes}:3" in capsys.readouterr().out  # the text output is still printed


def test_junit_unreadable_file_is_an_error():
    from convproof.check.document import FileReport
    suite = ET.fromstring(to_junit([FileReport("x.md", error="unreadable: binary file")])).find("testsuite")
    assert suite.get("errors") == "1" and suite.find("testcase/error").get("message") == "unreadable: binary file"
