"""The pre-commit hook (.pre-commit-hooks.yaml) run by pre-commit itself on a sample notes repository.

pre-commit installs convproof from this checkout into its own environment (``try-repo`` with the
local path), so this is what a notes repository gets. Skipped when pre-commit or git is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                reason="needs pre-commit and git")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def notes(tmp_path) -> Path:
    repo = tmp_path / "notes"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "good.md").write_text("# Good\n\n$$3 \\cdot 4 = 12$$\n", encoding="utf-8")
    (repo / "bad.tex").write_text("Sizes:\n\\[ 2 + 2 = 5 \\]\n", encoding="utf-8")
    (repo / "code.py").write_text("x = 2 + 2  # not a note: the hook does not read it\n", encoding="utf-8")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    env.pop("PYTHONPATH", None)  # the hook must run the convproof that pre-commit installed
    return subprocess.run(["pre-commit", "try-repo", str(ROOT), "convproof-check", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_hook_fails_on_a_planted_error_and_passes_the_rest(notes):
    # One run (pre-commit builds a fresh environment for every try-repo: about a minute).
    proc = _try_repo(notes, "good.md", "bad.tex", "code.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout and "- hook id: convproof-check" in proc.stdout
    assert "bad.tex:2: wrong" in proc.stdout and "claimed 5, expected 4" in proc.stdout
    assert "good.md:3: holds" in proc.stdout  # the correct note was read and passed
    assert "code.py" not in proc.stdout.split("- hook id")[-1]  # only .tex / .md files
