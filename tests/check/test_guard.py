"""The checker's strict mode (:mod:`convproof.check.guard`): an unexpected exception inside a checker
construct falls back (the document goes on, the statement is only described) for users, and is
re-raised under ``CONVPROOF_STRICT=1``, which tests/conftest.py sets for the whole suite. Exceptions a
construct expects (a kernel that does not fit, a side that is not a number) never count as internal:
tests/check/test_shapeclaims.py's planted shapes reach shapesym's "kernel does not fit" in strict mode."""

from __future__ import annotations

import pytest

from convproof.check import guard, sumdot
from convproof.check.document import check_text

SUM = r"\sum_{i=1}^n w_i x_i + b = w^T x + b"


def _last(body: str):
    return check_text(f"$${body}$$\n", "md", "x.md").equations[-1]


def test_the_suite_runs_in_strict_mode():
    assert guard.strict()


def test_fallback_raises_only_in_strict_mode(monkeypatch):
    err = RuntimeError("a bug")
    with pytest.raises(RuntimeError, match="a bug"):
        guard.fallback(err)
    monkeypatch.setenv(guard.STRICT_ENV, "0")
    assert guard.fallback(err) is None


def _broken(*_args, **_kwargs):
    raise KeyError("an internal bug in the construct")


def test_a_bug_in_a_construct_fails_loudly_in_strict_mode(monkeypatch):
    assert _last(SUM).status == "holds"
    monkeypatch.setattr(sumdot, "check_sum_dot", _broken)
    with pytest.raises(KeyError, match="internal bug"):
        _last(SUM)


def test_the_same_bug_lets_a_user_s_document_go_on(monkeypatch):
    monkeypatch.setenv(guard.STRICT_ENV, "0")
    monkeypatch.setattr(sumdot, "check_sum_dot", _broken)
    res = _last(SUM)
    assert res.status != "holds"   # the construct's verdict is gone: never a pass from a failed construct

