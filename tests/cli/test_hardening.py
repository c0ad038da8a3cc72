"""Issue 13 reproductions: hostile or careless command lines end in one clear error, exit 2, no traceback.

Names never reach LaTeX as options nor leave ``-o``; letters are distinct; unusable output targets are
refused before any work; Ctrl-C ends with one line and exit 130.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convproof import verify
from convproof.cli import main
from convproof.cli.args import JOBS_RULE
from convproof.errors import ConvProofError
from convproof.latex import compile as comp

HAVE_LATEX = shutil.which("pdflatex") is not None
HOSTILE = "-pdflatex=touch X; true #"


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if verification starts: the error must come before any work."""
    def refuse(*args, **kwargs):
        raise AssertionError("the verification ran before the argument error")
    monkeypatch.setattr(verify, "run_all", refuse)
    monkeypatch.setattr(verify, "run", refuse)


def _err(capsys, argv, code=2):
    assert main(argv) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# -- must-fix 1: a file name never becomes an option, never leaves -o ------------------------------------
@pytest.mark.parametrize("stem", [HOSTILE, "../x", "ABSOLUTE", "a/b", "-x"])
def test_report_stem_is_a_plain_file_name(stem, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    stem = str(tmp_path / "elsewhere" / "abs") if stem == "ABSOLUTE" else stem
    err = _err(capsys, ["report", "-i", "5", "-k", "3", "--no-registry", f"--stem={stem}", "-o", "out", "--pdf"])
    assert "--stem=" in err and "plain file name" in err
    assert not list(tmp_path.iterdir())  # no X, no ../x.tex, no elsewhere/, not even out/


@pytest.mark.skipif(not HAVE_LATEX, reason="pdflatex not installed")
@pytest.mark.parametrize("latexmk", [True, False], ids=["latexmk", "pdflatex"])
def test_compile_passes_the_file_as_a_path_not_an_option(latexmk, tmp_path, monkeypatch):
    if not latexmk:
        real = shutil.which
        monkeypatch.setattr(comp.shutil, "which", lambda name: None if name == "latexmk" else real(name))
    elif shutil.which("latexmk") is None:
        pytest.skip("latexmk not installed")
    monkeypatch.chdir(tmp_path)
    tex = tmp_path / f"{HOSTILE}.tex"
    tex.write_text(r"\documentclass{article}\begin{document}x\end{document}", encoding="utf-8")
    assert comp.compile_pdf(tex).is_file()
    assert not (tmp_path / "X").exists()
    assert all(not arg.startswith("-pdflatex=touch") for cmd in comp._commands(tex, tmp_path) for arg in cmd)


# -- must-fix 4: letters distinct, valid, LaTeX-safe in every entry point --------------------------------
@pytest.mark.parametrize("argv, needle", [
    (["symbolic", "-i", "3", "-k", "2", "--letters", "y,y,y,y", "--show", "forward"], "must be distinct"),
    (["symbolic", "-i", "3", "-k", "2", "--letters", "y,f,z,b", "--prove"], "must be distinct"),
    (["symbolic", "-i", "3", "-k", "2", "--letters", r"y,f,z,\input{x}"], "symbol letter"),
    (["symbolic", "-i", "3", "-k", "2", "--layer", "l}^{x"], "--layer="),
    (["report", "-i", "3", "-k", "2", "--input-letter", "f", "-o", "OUT"], "--kernel-letter='f'"),
    (["report", "-i", "3", "-k", "2", "--grad-letter", "Z", "-o", "OUT"], "must be distinct"),
])
def test_letters_are_distinct_and_valid_in_the_clis(argv, needle, tmp_path, capsys):
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    err = _err(capsys, argv)
    assert needle in err
    assert not (tmp_path / "out").exists()


# -- output paths: checked before any work, one clear message --------------------------------------------
def _targets(tmp_path):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir.xml").mkdir()
    long = str(tmp_path / ("n" * 300))
    return {"file": str(tmp_path / "afile"), "proc": "/proc/convproof-x", "full": "/dev/full", "long": long,
            "under-file": str(tmp_path / "afile" / "sub"), "dir": str(tmp_path / "adir.xml")}


@pytest.mark.parametrize("kind", ["file", "proc", "full", "long", "under-file"])
def test_build_outdir_is_checked_before_the_verification(kind, tmp_path, no_work, capsys):
    err = _err(capsys, ["build", "-o", _targets(tmp_path)[kind], "--no-pdf"])
    assert "--outdir=" in err


@pytest.mark.parametrize("option", ["--junit", "--markdown"])
@pytest.mark.parametrize("kind", ["dir", "proc", "full", "long", "under-file"])
def test_verify_report_files_are_checked_before_the_run(option, kind, tmp_path, no_work, capsys):
    err = _err(capsys, ["verify", "shape.*", f"{option}={_targets(tmp_path)[kind]}"])
    assert f"{option}=" in err


@pytest.mark.parametrize("option", ["--junit", "--markdown"])
def test_an_empty_report_file_name_is_an_error(option, no_work, capsys):
    assert "must name a file" in _err(capsys, ["verify", f"{option}="])


@pytest.mark.parametrize("kind", ["file", "proc", "full", "long"])
def test_report_output_folder_is_checked_before_building(kind, tmp_path, monkeypatch, capsys):
    import convproof.reports as reports

    monkeypatch.setattr(reports, "spec_report", lambda *a, **k: pytest.fail("built before the check"))
    assert "--output=" in _err(capsys, ["report", "-i", "3", "-k", "2", "-o", _targets(tmp_path)[kind]])


def test_report_target_file_is_checked_before_building(tmp_path, monkeypatch, capsys):
    import convproof.reports as reports

    monkeypatch.setattr(reports, "spec_report", lambda *a, **k: pytest.fail("built before the check"))
    (tmp_path / "conv.tex").mkdir()
    assert "not a regular file" in _err(capsys, ["report", "-i", "3", "-k", "2", "-o", str(tmp_path)])
    (tmp_path / "mine.pdf").mkdir()
    err = _err(capsys, ["report", "-i", "3", "-k", "2", "-o", str(tmp_path), "--stem", "mine", "--pdf"])
    assert "--stem=" in err and "mine.pdf" in err
    assert "did you mean" in _err(capsys, ["report", "../lecture", "-o", str(tmp_path)])


def test_check_fix_target_is_checked_before_reading(tmp_path, capsys):
    doc = tmp_path / "notes.md"
    doc.write_text("$$1 + 1 = 3$$\n", encoding="utf-8")
    (tmp_path / "notes.fixed.md").mkdir()
    assert "--fix=" in _err(capsys, ["check", "--fix", str(doc)])
    assert main(["check", "--fix", str(tmp_path / "other.md")]) == 2  # unreadable, as before: no fix target
    assert "unreadable" in capsys.readouterr().out


# -- Ctrl-C, atomic outputs, titles ----------------------------------------------------------------------
def test_interrupt_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    def interrupted(**kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(verify, "run_all", interrupted)
    assert main(["build", "-o", str(tmp_path), "--no-reports"]) == 130
    err = capsys.readouterr().err
    assert err == "convproof build: interrupted\n"


def test_an_interrupt_python_swallows_still_ends_the_command(tmp_path, monkeypatch, capsys):
    class Swallowed:  # what Python hands sys.unraisablehook for a Ctrl-C inside a gc callback
        exc_type, exc_value, exc_traceback, err_msg, object = KeyboardInterrupt, KeyboardInterrupt(), None, None, None

    def verify_then_swallow(**kwargs):
        sys.unraisablehook(Swallowed())
        return []
    monkeypatch.setattr(verify, "run_all", verify_then_swallow)
    assert main(["build", "-o", str(tmp_path), "--no-reports"]) == 130
    assert capsys.readouterr().err == "convproof build: interrupted\n"
    assert sys.unraisablehook is not None and main(["shape", "-i", "3", "-k", "2"]) == 0


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="POSIX signals")
def test_real_ctrl_c_stops_the_workers_without_tracebacks(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen([sys.executable, "-m", "convproof", "verify", "--jobs", "2",
                             "backprop.grad_weight", "alexnet.*"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        first = "start"
        while first and not first.startswith("[1/"):  # "[1/N] alexnet...": a quick one is done, not grad_weight
            first = proc.stderr.readline()
        os.killpg(proc.pid, signal.SIGINT)
        rest = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert first.startswith("[1/")
    assert proc.returncode == 130
    assert "Traceback" not in rest and rest.strip().splitlines()[-1] == "convproof verify: interrupted"
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker survived in the group
        os.killpg(proc.pid, 0)


def test_report_files_are_written_atomically(tmp_path, monkeypatch, capsys):
    import errno

    from matplotlib.figure import Figure

    argv = ["report", "-i", "4", "-k", "2", "--no-registry", "-o", str(tmp_path)]
    assert main(argv) == 0
    picture = tmp_path / "figures" / "conv-t-sparsity.png"
    before = picture.read_bytes()

    def disk_full(self, path, **kwargs):  # half a picture, then the disk is full
        with open(path, "wb") as fh:
            fh.write(before[:100])
        raise OSError(errno.ENOSPC, "No space left on device", path)
    monkeypatch.setattr(Figure, "savefig", disk_full)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert picture.read_bytes() == before  # the old picture, whole
    assert [p for p in tmp_path.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"] == []


def test_failed_compile_removes_the_stale_pdf(tmp_path, monkeypatch):
    from convproof.reports import base

    (tmp_path / "conv.pdf").write_bytes(b"%PDF stale")
    def broken(tex, log=None):
        raise ConvProofError("tex_path: LaTeX failed")
    monkeypatch.setattr(base, "compile_pdf", broken)
    assert main(["report", "-i", "4", "-k", "2", "--no-registry", "-o", str(tmp_path), "--pdf"]) == 2
    assert (tmp_path / "conv.tex").is_file() and not (tmp_path / "conv.pdf").exists()


def test_title_the_document_cannot_typeset_is_refused_before_writing(tmp_path, capsys):
    out = tmp_path / "out"
    err = _err(capsys, ["report", "-i", "4", "-k", "2", "--title", "Свёртка", "-o", str(out)])
    assert "--title=" in err and "U+0421" in err and "--lang ru" in err and not out.exists()
    assert main(["report", "-i", "4", "-k", "2", "--title", "Свёртка", "--lang", "ru", "-o", str(out),
                 "--no-registry"]) == 0
    assert main(["report", "-i", "4", "-k", "2", "--title", "Café – naïve", "-o", str(out), "--no-registry"]) == 0


@pytest.mark.skipif(not HAVE_LATEX, reason="pdflatex not installed")
def test_latin1_title_compiles_under_en(tmp_path):
    assert main(["report", "-i", "3", "-k", "2", "--title", "Café – naïve «x» №1", "-o", str(tmp_path),
                 "--no-registry", "--pdf"]) == 0
    assert (tmp_path / "conv.pdf").is_file()


# -- minor -----------------------------------------------------------------------------------------------
def test_huge_values_are_echoed_short(capsys):
    err = _err(capsys, ["shape", "-i", "a" * 100_000, "-k", "3"])
    assert "(100000 characters)" in err and len(err) < 400
    err = _err(capsys, ["shape", "-i", "5", "-k", "3", "--padding-mode", "b" * 100_000])
    assert len(err) < 600
    with pytest.raises(SystemExit):
        main(["shape", "-i", "5", "-k", "3", "--in-channels", "c" * 100_000])
    assert len(capsys.readouterr().err) < 2000


def test_more_digits_than_python_reads_is_named(capsys):
    limit = sys.get_int_max_str_digits()
    err = _err(capsys, ["shape", "-i", "9" * (limit + 700), "-k", "3"])
    assert f"{limit + 700} digits" in err and f"{limit}-digit limit" in err and "expected an integer" not in err


def test_4d_report_names_no_internal_argument(tmp_path, capsys):
    code = main(["report", "-i", "2x2x2x3", "-k", "1x1x1x2", "--no-registry", "-o", str(tmp_path)])
    assert code == 0 and "masks" not in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["build", "--jobs", "-3", "--no-reports"], ["build", "--jobs", "0"],
                                  ["verify", "--jobs", "0"], ["verify", "-j", "-3"]])
def test_one_jobs_rule(argv, tmp_path, no_work, capsys):
    err = _err(capsys, argv + (["-o", str(tmp_path)] if argv[0] == "build" else []))
    assert f"--jobs={argv[2]}: {JOBS_RULE}" in err


def test_build_seeds_without_seed_documents_is_an_error(tmp_path, no_work, capsys):
    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    (out / "errata").mkdir(parents=True)
    (out / "errata" / "seeds.md").write_text("previous errata", encoding="utf-8")
    for seeds in (empty, tmp_path / "missing"):
        err = _err(capsys, ["build", "-o", str(out), "--no-pdf", "--seeds", str(seeds)])
        assert "--seeds=" in err
    assert (out / "errata" / "seeds.md").read_text(encoding="utf-8") == "previous errata"


def test_errata_module_refuses_a_folder_without_seeds(tmp_path, capsys):
    from convproof.cli import seed_errata as errata

    out = tmp_path / "errata"
    out.mkdir()
    (out / "seeds.md").write_text("previous errata", encoding="utf-8")
    assert errata.main([str(tmp_path / "out-of-seeds"), str(out)]) == 2
    (tmp_path / "no-seeds").mkdir()
    assert errata.main([str(tmp_path / "no-seeds"), str(out)]) == 2
    assert "no seed documents" in capsys.readouterr().err
    assert (out / "seeds.md").read_text(encoding="utf-8") == "previous errata"
