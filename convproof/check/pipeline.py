"""Every check of one statement, in order: the relation chain (:mod:`.chain`), a convolution it
states (:mod:`.conv`), then the constructs that may refine an ``unchecked`` result (a general
size formula, a gradient entry, a loss gradient, parameters stated elsewhere, sizes written with
``*``, a condition, an elided convolution matrix, a worked count).  :mod:`.document` runs it once
per statement (and once per reading, :mod:`.readings`) inside its time limit.
"""

from __future__ import annotations

from .chain import check_chain
from .combine import merge
from .verdict import StatementResult

__all__ = ["pipeline"]


def _conv_results(chain, env, line):
    from .conv import check_conv  # conv identification is optional per statement
    return check_conv(chain, env, line)


def pipeline(chain, env, eq, asserted) -> StatementResult:
    """Every check of one statement, in order: the chain, a convolution, the constructs that
    refine an unchecked result."""
    result = merge(check_chain(chain, env, eq.line), _conv_results(chain, env, eq.line),
                   asserted)
    if result.status == "unchecked" and result.kind == "definition":  # a general relationship?
        from .gradentries import check_gradient_entries
        from .sizeformula import check_size_formula
        before = getattr(env, "before", "")
        result = check_gradient_entries(chain, before, eq.text, eq.line) or \
            check_size_formula(chain, before + eq.text, condition_line=getattr(env, "condition_line", None)) \
            or result
    if getattr(env, "index_defs", None) and result.status != "wrong":  # O[1,1] = ... of a proven sum
        from .workedentry import check_worked_entry
        result = check_worked_entry(chain, env) or result
    if result.status == "unchecked" and result.kind in ("derivative", "definition"):  # of a loss: lossgrad.py
        from .lossgrad import check_loss_gradient
        result = check_loss_gradient(chain, env) or result
    if result.status == "unchecked" and result.kind in ("convolution", "definition"):  # parameters stated elsewhere
        from .statedentry import refine
        result = refine(chain, env, result, eq.line)
    if result.status == "unchecked" and "'*' between sequences" in result.message:  # I * K = O in numbers
        from .numconv import check_numeric_conv
        result = check_numeric_conv(chain, env) or result
    if result.status == "unchecked" and ("'*' between" in result.message or result.kind == "free-symbols"):  # sizes: starcount.py
        from .starcount import check_star_counts
        result = check_star_counts(chain, *getattr(env, "doc", ("", 0))) or result
    if result.status == "unchecked" and result.kind in ("free-symbols", "unsupported", "definition"):
        from .unread import condition_kind, defined_function  # a condition, a new function
        kind_msg = condition_kind(chain, getattr(env, "before", "")) or (
            defined_function(chain, env, eq.line) if "undefined function" in result.message else None)
        result = StatementResult("unchecked", *kind_msg) if kind_msg else result
    if result.status == "unchecked":  # a convolution matrix written with \dots
        from .elidedconv import check_elided_conv
        result = check_elided_conv(chain, getattr(env, "before", "")) or result
    from .counts import check_count  # a worked count against the layer described
    result = check_count(chain, getattr(env, "around", ("", "")), result) or result
    return result
