"""The theorem benchmark's report writer and machine facts (no timing assertions)."""

from convproof.bench import theorems as bench


def test_cpu_facts_have_model_and_flags():
    facts = bench.cpu_facts()
    assert facts["model"] and set(facts) == {"model", "cpus", "avx2", "avx512f"}


def test_render_states_goal_and_statuses():
    good = {"per": {"a": [0.1, 0.3]}, "totals": [0.1, 0.3], "statuses": {"a": "proved"}}
    bad = {"per": {"a~x": [0.2]}, "totals": [0.2], "statuses": {"a~x": "refuted"}}
    text = bench.render(good, bad, 2, {"model": "CPU", "cpus": 2, "avx2": True, "avx512f": None}, (0.5, 0.6))
    assert "median total **0.20 s** over 2 runs (goal < 10 s: meets)" in text
    assert "avx2: yes, avx512f: unknown" in text and "| `a` | proved | 200 ms | 300 ms |" in text
    unknown = dict(good, statuses={"a": "unknown"})
    assert "MISSES" in bench.render(unknown, bad, 2, {"model": "CPU", "cpus": 2, "avx2": False, "avx512f": False},
                                    (0, 0))


def test_main_writes_markdown(tmp_path, monkeypatch):
    from convproof.theorems import THEOREMS

    one = [THEOREMS["size.transposed"]]
    monkeypatch.setattr("convproof.theorems.correct", lambda: one)
    monkeypatch.setattr("convproof.theorems.wrong_variants", lambda: [THEOREMS["size.transposed~no_output_padding"]])
    out = tmp_path / "t.md"
    assert bench.main(["--runs", "1", "--out", str(out)]) == 0
    assert "Proving all 1 theorems" in out.read_text(encoding="utf-8")
