"""Any valid spec gives a report whose own checks all hold (Hypothesis over specs, registry left out)."""

from hypothesis import given, settings

from convproof.reports import spec_report
from convproof.testing import conv_specs


@settings(max_examples=12)
@given(conv_specs(dims=(1, 2), max_size=5, max_kernel=3, max_channels=1,
                  padding_modes=("zeros", "constant", "reflect", "replicate", "circular"), output_padding=True))
def test_spec_report_checks_hold(spec):
    tex = spec_report(spec, registry=False, max_size=6).latex()
    assert r"\section{Verified}" in tex
    assert "FAILED" not in tex, spec.describe()
    assert r"\begin{document}" in tex and tex.count(r"\begin{") == tex.count(r"\end{")
