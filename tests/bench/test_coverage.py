"""Coverage and speed measurements of the checker (convproof.bench.coverage / .checker): small, no timing asserted."""

from __future__ import annotations

import json

from convproof.bench import checker, coverage, public_docs
from convproof.bench.public_docs import Source

TINY = "Take\n$$ s = 1 $$\nThen\n$$ 2 + 2 = 5 $$\nand\n$$ 3 \\cdot 4 = 12 $$\nso 6*7 = 42 here.\n"


def test_counts_give_both_unchecked_shares():
    st = [{"status": "holds", "kind": "exact", "message": ""},
          {"status": "wrong", "kind": "arithmetic", "message": ""},
          {"status": "unchecked", "kind": "definition", "message": "defines s"},
          {"status": "unchecked", "kind": "definition", "message": "defines N (value not computable)"},
          {"status": "unchecked", "kind": "unsupported", "message": "not read"},
          {"status": "unchecked", "kind": "question", "message": "not read: a question"}]
    c = coverage.counts(st)
    got = (c["holds"], c["wrong"], c["unchecked"], c["definitions"], c["definitions_not_computable"], c["non_claims"])
    assert got == (1, 1, 4, 2, 1, 3)
    assert c["share_incl_definitions"] == 4 / 6 and c["share_excl_definitions"] == 2 / 4
    assert c["share_of_claims"] == 1 / 3
    assert c["kinds"]["unchecked/definition"] == 2
    assert coverage.counts([])["share_incl_definitions"] is None


def test_measure_text_times_statements_and_restores_the_checker():
    from convproof.check import document

    before = document._check_statement
    doc = coverage.measure_text(TINY, "tiny.md", "md")
    assert document._check_statement is before
    assert [(s["line"], s["status"]) for s in doc["statements"]] == [(2, "unchecked"), (4, "wrong"), (6, "holds"),
                                                                     (7, "holds")]
    assert doc["timed"] == 3 and {s["line"] for s in doc["slowest"]} == {2, 4, 6}


def test_fmt_of_follows_the_cli():
    assert [coverage.fmt_of(p) for p in ("a.tex", "b.ipynb", "c.md", "d.txt")] == ["tex", "ipynb", "md", "md"]


def test_main_writes_tables_sources_and_flags_unreviewed_wrongs(tmp_path, monkeypatch):
    src = Source("tiny", "someone/notes", "0" * 40, "notes/tiny.md", "MIT", "en", "fixture")
    (tmp_path / "cache").mkdir()
    src.cached(tmp_path / "cache").write_text(TINY, encoding="utf-8")
    monkeypatch.setattr(coverage, "SOURCES", (src,))
    monkeypatch.setattr("convproof.bench.coverage_report.SOURCES", (src,))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "s1.txt").write_text("$$ 1 + 1 = 2 $$\n", encoding="utf-8")
    out = tmp_path / "cov"
    assert coverage.main(["--seeds", str(seeds), "--cache", str(tmp_path / "cache"), "--out", str(out),
                          "--no-fetch"]) == 0
    text = (out.parent / "cov.md").read_text(encoding="utf-8")
    data = json.loads((out.parent / "cov.json").read_text(encoding="utf-8"))
    assert "| s1 | ru | 1 | 1 | 0 | 0 | 0 (0) | 0 | 0.0% | 0.0% | **0.0%** |" in text
    assert "| tiny | en | 4 | 2 | 1 | 1 | 1 (0) | 1 | 25.0% | 0.0% | **0.0%** |" in text
    assert "| tiny:4 | " in text and "NOT REVIEWED" in text
    assert "[someone/notes@0000000000]" in text and "| **NO** |" in text  # the fixture's hash is not recorded
    assert data["totals"]["public"]["wrong"] == 1


def test_missing_documents_are_named_not_fetched(tmp_path, monkeypatch):
    src = Source("absent", "someone/notes", "0" * 40, "x.md", "MIT", "en", "fixture")
    monkeypatch.setattr(coverage, "SOURCES", (src,))
    result = coverage.run(tmp_path, tmp_path, {"absent"}, fetch=False)
    assert result["documents"] == [{"id": "absent", "group": "public", "missing": True, "statements": [],
                                    "counts": coverage.counts([])}]


def test_fetch_list_is_complete():
    ids = [s.id for s in public_docs.SOURCES]
    assert len(ids) == len(set(ids)) >= 8 and set(ids) == set(public_docs.SHA256)
    assert {s.language for s in public_docs.SOURCES} == {"en", "ru"}
    assert all(len(s.commit) == 40 and s.licence for s in public_docs.SOURCES)


def test_synthetic_document_is_reproducible_and_mixed():
    a, b = checker.synthetic(40, 3), checker.synthetic(40, 3)
    assert a == b and a.count("$$") == 2 * 40 and a != checker.synthetic(40, 4)
    rep = checker.time_document(a, "s.md", budget=1000)
    assert rep["statements"] >= 40 and rep["budget_cut"] == 0
    assert {"holds", "unchecked"} <= set(rep["verdicts"])


def test_checker_bench_main_writes_report(tmp_path):
    out = tmp_path / "bench"
    (tmp_path / "s.txt").write_text("$$ 1 + 1 = 2 $$\n", encoding="utf-8")
    assert checker.main(["--equations", "12", "--seeds", str(tmp_path), "--runs", "2", "--out", str(out)]) == 0
    text = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "12 displays" in text and "goal < 60 s" in text and "CPUs (avx2:" in text
    assert "| s.txt | " in text and "fastest run" in text


def test_documents_come_from_a_mirror_only_when_one_is_named(tmp_path, monkeypatch):
    """``CONVPROOF_MIRRORS`` unset: no mirror is looked for (GitHub only); set: ``git show COMMIT:PATH``
    in ``owner+name/repo`` under it."""
    import subprocess

    repo = tmp_path / "mirrors" / "someone+notes" / "repo"
    work = tmp_path / "work"
    work.mkdir()
    (work / "conv.md").write_text("$y = w * x$\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(work)]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run([*git, "add", "conv.md"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(repo)], check=True)
    src = Source("t", "someone/notes", commit, "conv.md", "none", "en", "test")
    monkeypatch.setattr(public_docs, "_from_github", lambda s: b"from github")
    monkeypatch.setattr(public_docs, "MIRRORS", None)
    assert public_docs.fetch_text(src) == b"from github"
    monkeypatch.setattr(public_docs, "MIRRORS", tmp_path / "mirrors")
    assert public_docs.fetch_text(src) == b"$y = w * x$\n"
