"""Command line: ``convproof <subcommand>``; a thin layer over the library.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds
its parser and sets ``func`` (called with the parsed args, returning the exit code).  The module is
imported only for the subcommand that runs (``convproof --help`` lists the one-line summaries of
:data:`SUMMARIES` and costs about ``import convproof``).

Exit codes: 0 success, 1 a failed check (a statement, an equation), 2 a usage error (one line
``convproof COMMAND: error: ...`` naming the argument), 130 interrupted (Ctrl-C), 141 output pipe
closed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

from .. import __version__
from ..errors import ConvProofError, shorten
from .args import short_message

# Subcommand modules, in the order --help lists them, with their one-line summaries.
SUMMARIES = {
    "build": "verify every statement and write the built-in reports (main job)",
    "shape": "output sizes, resolved padding, transposed preimages, parameters",
    "verify": "prove and cross-check the registered statements",
    "report": "LaTeX/PDF report of a built-in topic or of a spec",
    "check": "check the equations of .tex / Markdown documents",
    "symbolic": "exact Toeplitz/im2col/transposed matrices, outputs, gradients, proofs",
}
SUBCOMMANDS = list(SUMMARIES)
INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse with long echoed values shortened in its error messages."""

    def error(self, message: str):
        super().error(short_message(message))

    def parse_known_args(self, args=None, namespace=None):
        ns, extras = super().parse_known_args(args, namespace)
        for action in self._actions:  # argparse turns ``--opt=--`` into [] for a one-value option
            if type(action) is argparse._StoreAction and action.nargs is None and getattr(ns, action.dest, None) == []:
                self.error(f"argument {'/'.join(action.option_strings)}: expected one argument")
        return ns, extras


def chosen_command(argv: list[str] | None) -> str | None:
    """The subcommand ``argv`` names (its first non-option word), or None (``--help``, ``--version``)."""
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    return words[0] if words else None


def build_parser(command: str | None = None, full: bool = True) -> argparse.ArgumentParser:
    """The ``convproof`` parser.

    With ``full`` every subcommand module is imported and registers its options; otherwise only
    ``command`` is, and the others are one-line entries for the command list (a lazy ``--help``).
    """
    parser = _Parser(
        prog="convproof",
        description="Exact symbolic and numeric verification of convolution layers.",
    )
    parser.add_argument("--version", action="version", version=f"convproof {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        if full or name == command:
            importlib.import_module(f".{name}", __name__).register(sub)
        else:
            sub.add_parser(name, help=SUMMARIES[name], add_help=False)
    return parser


class _Interrupts:
    """Ctrl-C raises KeyboardInterrupt as usual and is also remembered: an interrupt raised where Python
    swallows it (inside a garbage-collector callback) still ends the command at the next check."""

    def __init__(self) -> None:
        self.seen = False
        self.previous = None
        self.hook = sys.unraisablehook

    def _handler(self, signum, frame):
        self.seen = True
        raise KeyboardInterrupt

    def _unraisable(self, info) -> None:
        if isinstance(info.exc_value, KeyboardInterrupt):  # swallowed by Python: remembered, not printed
            self.seen = True
        else:
            self.hook(info)

    def __enter__(self) -> "_Interrupts":
        self.seen = False
        self.hook, sys.unraisablehook = sys.unraisablehook, self._unraisable
        try:
            self.previous = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread: keep Python's default
            self.previous = None
        return self

    def __exit__(self, *exc) -> None:
        sys.unraisablehook = self.hook
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def check(self) -> None:
        """Raise KeyboardInterrupt if Ctrl-C was pressed (for progress callbacks)."""
        if self.seen:
            raise KeyboardInterrupt


INTERRUPTS = _Interrupts()


def main(argv: list[str] | None = None) -> int:
    with INTERRUPTS:
        code = _main(argv)
    if INTERRUPTS.seen and code != INTERRUPTED:  # Ctrl-C swallowed after the last check
        print("convproof: interrupted", file=sys.stderr)
        return INTERRUPTED
    return code


def _main(argv: list[str] | None) -> int:
    command = "convproof"
    try:
        parser = build_parser(chosen_command(argv), full=False)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        command = f"convproof {args.command}"
        code = int(args.func(args) or 0)
        INTERRUPTS.check()
        return code
    except ConvProofError as exc:
        print(f"{command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed: stop quietly, like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # paths are checked up front; this is a file system changing under a running command
        name = f"{shorten(str(exc.filename))}: " if exc.filename else ""
        print(f"{command}: error: {name}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{command}: interrupted", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
