"""Compiling ``.tex`` to PDF with latexmk (or pdflatex alone), reproducibly and without shell escape.

* ``-no-shell-escape`` always; ``openout_any=p`` (TeX writes only below the working directory).
* ``SOURCE_DATE_EPOCH`` (kept when already set) and ``FORCE_SOURCE_DATE=1``; together with
  ``\\pdfinfoomitdate=1`` and ``\\pdftrailerid{}`` in the preamble the PDF is byte-for-byte
  reproducible.
* Auxiliary files go to a temporary directory; only the PDF is copied next to the ``.tex``.
  (hyperref writes ``<job>.out`` for bookmarks, so no log is ever given that name.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConvProofError, fail
from ..files import replacing

__all__ = ["INSTALL_HINT", "have_latex", "compile_pdf", "LatexMissing"]

INSTALL_HINT = ("pdflatex was not found. Install TeX Live, e.g. on Debian/Ubuntu:\n"
                "  sudo apt-get install texlive-latex-base texlive-latex-recommended "
                "texlive-lang-cyrillic cm-super latexmk\n"
                "(macOS: MacTeX; Windows: MiKTeX). The .tex file was written; compile it with "
                "'latexmk -pdf FILE.tex'.")
DEFAULT_EPOCH = "1700000000"
TIMEOUT_S = 300


class LatexMissing(ConvProofError):
    """pdflatex is not installed; the message says how to install it."""


def have_latex() -> bool:
    """True when pdflatex is on the PATH."""
    return shutil.which("pdflatex") is not None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    env["FORCE_SOURCE_DATE"] = "1"
    env["openout_any"] = "p"
    env["shell_escape"] = "f"
    return env


def _commands(tex: Path, outdir: Path) -> list[list[str]]:
    # ``./name``: a file name is never read as an option, whatever it starts with
    source = f"./{tex.name}"
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape"]
    if shutil.which("latexmk"):
        pdflatex = "pdflatex " + " ".join(flags) + " %O %S"
        return [["latexmk", "-pdf", "-quiet", f"-pdflatex={pdflatex}", f"-outdir={outdir}", source]]
    one = ["pdflatex", *flags, f"-output-directory={outdir}", source]
    return [one, one, one]


def _log_tail(outdir: Path, stem: str, fallback: str) -> str:
    log = outdir / f"{stem}.log"
    text = log.read_text(errors="replace") if log.exists() else fallback
    lines = [ln for ln in text.splitlines() if ln.startswith("!") or ":" in ln and ".tex:" in ln]
    return "\n".join(lines[-12:] or text.splitlines()[-20:])


def compile_pdf(tex_path: str | os.PathLike, log: list | None = None) -> Path:
    """Compile ``tex_path`` to a PDF next to it; return the PDF path.

    With ``log`` (a list), the final TeX log text is appended to it (e.g. to look for overfull boxes).

    Raises :class:`LatexMissing` (a ``ConvProofError``) with install instructions when
    pdflatex is missing, and ``ConvProofError`` with the TeX error lines when it fails.
    """
    tex = Path(tex_path).resolve()
    if not tex.is_file():
        raise fail("tex_path", str(tex_path), "file does not exist")
    if not have_latex():
        raise LatexMissing(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="convproof-tex-") as tmp:
        outdir = Path(tmp)
        for cmd in _commands(tex, outdir):
            try:
                proc = subprocess.run(cmd, cwd=tex.parent, env=_env(), stdin=subprocess.DEVNULL,
                                      capture_output=True, text=True, timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                raise fail("tex_path", str(tex), f"LaTeX ran longer than {TIMEOUT_S} s") from None
            if proc.returncode != 0:
                tail = _log_tail(outdir, tex.stem, proc.stdout + proc.stderr)
                raise fail("tex_path", str(tex), f"LaTeX failed:\n{tail}")
        pdf = tex.with_suffix(".pdf")
        with replacing(pdf) as tmp:
            shutil.copyfile(outdir / f"{tex.stem}.pdf", tmp)
        if log is not None:
            log.append((outdir / f"{tex.stem}.log").read_text(errors="replace"))
    return pdf
