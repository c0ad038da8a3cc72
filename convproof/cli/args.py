"""Argument rules shared by the subcommands: integers, ``--jobs``, output paths.

One definition each, so ``build --jobs -3`` and ``verify --jobs 0`` are refused by the same rule.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import fail, shorten

__all__ = ["parse_int", "integer", "check_jobs", "JOBS_RULE", "too_many_digits", "short_message"]

JOBS_RULE = "must be a whole number of worker processes >= 1"


def too_many_digits(text: str) -> str | None:
    """The rule broken when ``text`` is a whole number longer than Python reads, else None."""
    body = text.strip().lstrip("+-").replace("_", "")
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    if limit and len(body) > limit and body.isdigit():
        return (f"{len(body)} digits is more than the {limit}-digit limit of Python for reading an "
                "integer (sys.get_int_max_str_digits())")
    return None


def parse_int(name: str, text: str, rule: str = "expected an integer", whole: str | None = None) -> int:
    """``int(text)`` or a ConvProofError naming ``name``, the value and ``rule`` (or Python's digit limit).

    ``whole`` is the argument's full value when ``text`` is one part of it (``4x4``, ``0:1``).
    """
    try:
        return int(text)
    except ValueError:
        raise fail(name, text if whole is None else whole, too_many_digits(text) or rule) from None


def integer(text: str) -> int:
    """argparse ``type=``: an integer, with a short message (the long value is not echoed in full)."""
    try:
        return parse_int("value", text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("value=")) from None


def check_jobs(jobs: int, argument: str = "--jobs") -> int:
    """``jobs`` when it is at least 1 (the one rule of every ``--jobs``)."""
    if jobs < 1:
        raise fail(argument, jobs, JOBS_RULE)
    return jobs


def short_message(message: str) -> str:
    """An argparse message with any long quoted value shortened (see :func:`convproof.errors.shorten`)."""
    return "'".join(shorten(part) for part in message.split("'"))
