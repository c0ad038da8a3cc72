"""PDF compiling: reproducible bytes, no shell escape, clear hint when TeX is missing."""

import shutil

import pytest

from convproof.errors import ConvProofError
from convproof.latex import compile as comp
from convproof.latex.document import Document, Math, Para, Section


def _write(tmp_path, name="t", body=r"\(a\)", lang="ru"):
    doc = Document("Проверка", [Section("Раздел", [Para("Текст " + body), Math(r"\mathbf{T} = 1")])], lang)
    path = tmp_path / f"{name}.tex"
    path.write_text(doc.latex(), encoding="utf-8")
    return path


def test_missing_latex_gives_install_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(comp.shutil, "which", lambda name: None)
    with pytest.raises(comp.LatexMissing, match="apt-get install texlive-latex-base"):
        comp.compile_pdf(_write(tmp_path))


def test_missing_file(tmp_path):
    with pytest.raises(ConvProofError, match="does not exist"):
        comp.compile_pdf(tmp_path / "nope.tex")


def test_commands_never_enable_shell_escape(tmp_path):
    for cmd in comp._commands(tmp_path / "a.tex", tmp_path):
        joined = " ".join(cmd)
        assert "-no-shell-escape" in joined and "-shell-escape " not in joined.replace("-no-shell-escape", "")
    assert comp._env()["FORCE_SOURCE_DATE"] == "1" and "SOURCE_DATE_EPOCH" in comp._env()


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_compile_twice_same_bytes_and_no_aux_left(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    pa, pb = comp.compile_pdf(_write(a)), comp.compile_pdf(_write(b))
    assert pa.read_bytes() == pb.read_bytes()
    assert sorted(p.name for p in a.iterdir()) == ["t.pdf", "t.tex"]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_tex_error_is_reported(tmp_path):
    with pytest.raises(ConvProofError, match="LaTeX failed"):
        comp.compile_pdf(_write(tmp_path, body=r"\undefinedcommandxyz"))
