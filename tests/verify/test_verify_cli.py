"""``convproof verify``: selection, output formats, exit codes, and a corrupted statement failing the run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import strategies as st

from convproof.cli import main
from convproof.geometry import ConvSpec
from convproof.testing import conv_specs
from convproof.verify import REGISTRY, Comparison, Statement, register, run_all, status, write_markdown
from convproof.verify.statements.shapes import count_positions


def _corrupt_prove(spec: ConvSpec) -> Comparison:
    n, k, s = spec.padded_size[0], spec.kernel_span[0], spec.stride[0]
    return Comparison.exact_equal("(n + 2p - k)//s vs counted positions", (n - k) // s, count_positions(n, k, s))


@pytest.fixture
def corrupted():
    stmt = register(Statement("zz_test.corrupt_shape", r"o = \lfloor (i+2p-k)/s \rfloor", "off by one",
                              space=lambda m: conv_specs(dims=(1, 2), max_size=12), prove=_corrupt_prove),
                    replace=True)
    ok = register(Statement("zz_test.fine", "1=1", "fine", lambda m: st.integers(0, 3), prove=lambda c: True),
                  replace=True)
    yield stmt, ok
    REGISTRY.unregister(stmt.name)
    REGISTRY.unregister(ok.name)


def test_corrupted_statement_fails_the_run_with_counterexample(corrupted, tmp_path, capsys):
    junit = tmp_path / "verify.xml"
    code = main(["verify", "zz_test.*", "--json", "--junit", str(junit)])
    assert code == 1
    out, err = capsys.readouterr()
    recs = {r["name"]: r for r in map(json.loads, out.splitlines())}
    bad = recs["zz_test.corrupt_shape"]
    assert bad["status"] == "failed"
    assert bad["counterexample"]["case"].startswith("1D conv 1, kernel 1, stride 1, padding 0")
    assert bad["counterexample"]["detail"] == "0 != 1"
    assert recs["zz_test.fine"]["status"] == "proven"
    assert "[1/2]" in err and "[2/2]" in err  # plain progress lines when not on a terminal
    case = ET.parse(junit).getroot().find("testsuite/testcase[@name='zz_test.corrupt_shape']")
    assert "1D conv 1, kernel 1" in case.find("failure").text


def test_table_output_and_exit_zero(corrupted, capsys):
    assert main(["verify", "zz_test.fine", "shape.transposed_preimages"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["statement", "status", "specs", "exact/float", "max", "error", "time"]
    assert "zz_test.fine" in out and "2 proven, 0 failed, 0 skipped" in out


def test_failed_run_prints_counterexample_in_table_mode(corrupted, capsys):
    assert main(["verify", "zz_test.corrupt_shape"]) == 1
    out = capsys.readouterr().out
    assert "FAILED zz_test.corrupt_shape" in out and "case: 1D conv 1, kernel 1" in out


def test_unknown_name_is_a_usage_error_with_hint(capsys):
    assert main(["verify", "transposed.adjiont"]) == 2
    assert "did you mean 'transposed.adjoint'" in capsys.readouterr().err


def test_list_shows_statements(capsys):
    assert main(["verify", "--list", "backprop.*"]) == 0
    out = capsys.readouterr().out
    assert "backprop.grad_input" in out and "oracles:" in out and "shape.output_size" not in out


def test_jobs_spread_over_processes(capsys):
    assert main(["verify", "--jobs", "2", "--json", "shape.transposed_preimages", "same.output_size"]) == 0
    names = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert names == ["shape.transposed_preimages", "same.output_size"]


def test_bad_jobs_is_a_usage_error(capsys):
    assert main(["verify", "--jobs", "0", "shape.output_size"]) == 2


def test_library_hooks_for_build_and_reports(tmp_path):
    results = run_all(patterns=["same.output_size", "seed002.worked_example"])
    assert [r.status for r in results] == ["proven", "proven"]
    assert status(["same.output_size"])[0] is status(["same.output_size"])[0]  # cached per process
    path = write_markdown(results, tmp_path / "reports" / "verify.md")
    assert "`seed002.worked_example` | proven" in path.read_text()


def test_progress_bar_on_a_terminal():
    import io

    from convproof.cli.verify import _Progress
    from convproof.verify import Result

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = _Progress(stream)
    progress(1, 2, Result(name="shape.output_size", status="proven"))
    assert stream.getvalue().startswith("\r[" + "#" * 15 + "." * 15 + "] 1/2 shape.output_size")
    assert "\n" not in stream.getvalue()
