"""Sphinx configuration: MyST pages, the example notebooks executed at build time (myst-nb),
the API reference from numpydoc docstrings (autodoc + autosummary + napoleon).

Build (from the repository root): ``sphinx-build -W --keep-going -b html docs docs/_build/html``.
Generated at build time into ``docs/_generated/`` (not committed): the notebooks copied from
``examples/``, each subcommand's ``--help`` text, and the computed 'same' padding table.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
# The notebook kernels are subprocesses: they import the same checkout.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

import convproof  # noqa: E402  (the checkout being documented)

project = "convproof"
author = "convproof developers"
version = release = convproof.__version__

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon",
              "sphinx.ext.mathjax"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# The notebooks run on a clean kernel at every build; a failing cell fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True

autosummary_generate = True
templates_path = ["_templates"]
autodoc_default_options = {"undoc-members": False, "show-inheritance": False}
autodoc_typehints = "none"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

html_theme = "alabaster"
html_title = f"convproof {release}"
html_static_path: list[str] = []

# Internal links must resolve: every MyST link to a page or heading is checked (warning -> error).
suppress_warnings: list[str] = []

GENERATED = DOCS / "_generated"


def _notebooks() -> None:
    out = GENERATED / "tutorials"
    out.mkdir(parents=True, exist_ok=True)
    for nb in sorted((ROOT / "examples").glob("*.ipynb")):
        shutil.copyfile(nb, out / nb.name)


def _cli_help() -> None:
    from convproof.cli import SUBCOMMANDS, build_parser

    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal width: fix it
    out = GENERATED / "cli"
    out.mkdir(parents=True, exist_ok=True)
    parser = build_parser()
    for name in SUBCOMMANDS:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):
            parser.parse_args([name, "--help"])
        (out / f"{name}.txt").write_text(buf.getvalue().replace("usage: ", "$ ", 1), encoding="utf-8")


def _same_table() -> None:
    from convproof.geometry.same import SAME_CONVENTIONS, same_padding

    names = list(SAME_CONVENTIONS)
    rows = ["| input i | kernel k | stride s | " + " | ".join(f"`{n}`" for n in names) + " |",
            "|---|---|---|" + "---|" * len(names)]
    for i, k, s in [(5, 3, 1), (5, 2, 1), (6, 4, 1), (5, 3, 2), (6, 3, 2), (7, 2, 2), (8, 3, 3)]:
        cells = []
        for n in names:
            try:
                cells.append("{} : {}".format(*same_padding(i, k, s, 1, n)))
            except convproof.ConvProofError:
                cells.append("refused")
        rows.append(f"| {i} | {k} | {s} | " + " | ".join(cells) + " |")
    (GENERATED / "same_table.md").write_text("\n".join(rows) + "\n", encoding="utf-8")


GENERATED.mkdir(exist_ok=True)
_notebooks()
_cli_help()
_same_table()


_PARAM_LINE = re.compile(r"^(\s*\*{0,2}\w+\s+:\s|\s*:type [\w*]+:\s|\s*:rtype:\s)(.*)$")


def _escape_stars_in_types(app, what, name, obj, options, lines) -> None:
    """``x : array_like, shape (N, *spatial)``: a ``*`` in a numpydoc type line is not emphasis."""
    for i, line in enumerate(lines):
        m = _PARAM_LINE.match(line)
        if m and "*" in m.group(2) and "``" not in m.group(2):
            lines[i] = m.group(1) + m.group(2).replace("*", r"\*")


def setup(app) -> None:
    app.connect("autodoc-process-docstring", _escape_stars_in_types)
