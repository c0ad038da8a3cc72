"""pytest plugin (entry point ``pytest11``): the ``conv_check`` fixture.

>>> # in a course's tests:  def test_conv(conv_check): conv_check(my_conv, op="conv")

The fixture is :func:`~convproof.testing.check_implementation` with ``max_examples`` bounded by
the ``--conv-check-examples`` option (default 50), so a course CI stays fast.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

DEFAULT_EXAMPLES = 50


def pytest_addoption(parser: Any) -> None:
    parser.addoption("--conv-check-examples", type=int, default=DEFAULT_EXAMPLES,
                     help="max_examples for the conv_check fixture (convproof)")


@pytest.fixture
def conv_check(request: Any) -> Callable[..., Any]:
    """``conv_check(fn, op="conv", **options)``: fails the test with convproof's report."""
    from . import check_implementation

    examples = request.config.getoption("--conv-check-examples", default=DEFAULT_EXAMPLES)

    def check(fn: Callable, op: str | None = None, **options: Any) -> Any:
        options.setdefault("max_examples", examples)
        try:
            return check_implementation(fn, op=op, **options)
        except AssertionError as exc:
            pytest.fail(str(exc), pytrace=False)

    return check
