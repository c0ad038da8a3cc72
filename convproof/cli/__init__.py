"""Command line: ``convproof <subcommand>``; a thin layer over the library.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds
its parser and sets ``func`` (called with the parsed args, returning the exit code).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__
from ..errors import ConvProofError

# Subcommand modules, in the order --help lists them.
SUBCOMMANDS = ["build", "shape", "verify", "report", "check", "symbolic"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convproof",
        description="Exact symbolic and numeric verification of convolution layers.",
    )
    parser.add_argument("--version", action="version", version=f"convproof {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ConvProofError as exc:
        print(f"convproof {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly, like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
