"""The extension points of the checker's core (:mod:`convproof.check.hooks`): every slot is filled
once the package is imported, whatever submodule is imported first; the core uses every slot; an
empty slot fails loudly."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from convproof.check import check_text, hooks
from convproof.check.hooks import EmptySlotError, Slot
from convproof.check.parse import ParseError, parse_chain

ROOT = Path(__file__).resolve().parents[2]
CORE = ("atoms", "evaluate", "compare")

# A fresh interpreter for each entry point: importing a submodule runs the package (and so
# check/constructs.py) first.
_FRESH = """
import sys
import {module}
from convproof.check import hooks
from convproof.check.env import Env
from convproof.check.evaluate import Evaluator
from convproof.check.parse import parse_chain
print([s.name for s in hooks.slots() if not s.filled])
print(parse_chain(r"\\frac{{\\partial L}}{{\\partial w}} = 1").sides[0].key)
side = parse_chain(r"\\begin{{cases}} x, & x > 0 \\\\ 0, & x \\le 0 \\end{{cases}}").sides[0]
print(Evaluator(Env(), {{"x": -3}}).eval(side), Evaluator(Env(), {{"x": 2}}).eval(side))
"""


@pytest.mark.parametrize("module", ["convproof.check", "convproof.check.parse", "convproof.check.evaluate"])
def test_every_slot_is_filled_whatever_is_imported_first(module):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _FRESH.format(module=module)], capture_output=True,
                         text=True, env=env, check=True, timeout=120).stdout.split("\n")
    assert out[:3] == ["[]", r"\frac{\partial L}{\partial w}", "0 2"]


def test_every_slot_is_filled_here():
    empty = [s.name for s in hooks.slots() if not s.filled]
    assert not empty and len(hooks.slots()) == len({s.name for s in hooks.slots()})


def _slots_called(module: str) -> set[str]:
    tree = ast.parse((ROOT / "convproof" / "check" / f"{module}.py").read_text(encoding="utf-8"))
    return {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "hooks"}


def test_the_core_calls_every_slot_and_no_other_name():
    called = set().union(*(_slots_called(m) for m in CORE))
    assert called == {s.name for s in hooks.slots()}
    assert all(getattr(hooks, name).name == name for name in called)


def test_an_empty_slot_raises():
    slot = Slot("nothing", "a slot for this test")
    assert not slot.filled
    with pytest.raises(EmptySlotError, match="'nothing'"):
        slot(1)


def test_a_construct_missing_from_a_slot_is_an_internal_error_not_a_verdict(monkeypatch):
    text = r"\partial L / \partial w = 2"
    assert parse_chain(text).sides[0].key == r"\frac{\partial L}{\partial w}"
    monkeypatch.delenv("CONVPROOF_STRICT", raising=False)   # the fallback itself is under test
    monkeypatch.setattr(hooks.slash_partial, "func", None)
    with pytest.raises(EmptySlotError, match="slash_partial"):
        parse_chain(text)
    monkeypatch.setattr(hooks.eval_cases, "func", None)
    doc = "$$x = 3$$\n\n$$\\begin{cases} x, & x > 0 \\\\ 0, & x \\le 0 \\end{cases} = 3$$\n"
    last = check_text(doc, "md", "t.md").equations[-1]
    assert (last.status, last.kind) == ("unchecked", "internal") and "eval_cases" in last.message


def test_an_empty_slot_is_not_a_parse_or_evaluation_error():
    # the core catches ParseError / EvalError (ValueError) to say 'not read' / 'unchecked'
    assert not issubclass(EmptySlotError, (ValueError, ParseError))


def test_a_slot_takes_one_function():
    slot = Slot("one", "a slot for this test")

    def first():
        return 1

    def second():
        return 2
    assert slot.register(first) is first and slot.register(first) is first
    with pytest.raises(RuntimeError, match="filled twice"):
        slot.register(second)
    assert slot() == 1
