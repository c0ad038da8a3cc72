"""Shared test configuration: a reproducible Hypothesis profile for a noisy shared machine, and the
checker's strict mode (an unexpected exception in a checker construct fails the test instead of
falling back; subprocesses inherit it)."""

import os

from hypothesis import HealthCheck, settings

os.environ.setdefault("CONVPROOF_STRICT", "1")

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("ci")
