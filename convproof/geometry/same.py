"""'same' padding: the conventions of PyTorch, TensorFlow/Keras, ONNX, JAX and SciPy.

Every convention is a plain-int function ``(i, k, s, d) -> (p_lo, p_hi)`` with
``k_eff = d*(k-1) + 1``. They agree for stride 1 and odd ``k_eff``; they
differ in which side receives the extra element of an odd total padding, and
in what they do for stride > 1.

========================  ==================================================================
convention                rule
========================  ==================================================================
``torch``                 PyTorch ``padding="same"``: stride must be 1; ``P = d(k-1)``,
                          ``p_lo = floor(P/2)``, ``p_hi = P - p_lo`` (extra at the end).
``tensorflow``            TF/Keras ``"SAME"`` = ONNX ``SAME_UPPER`` = JAX ``"SAME"``:
                          ``o = ceil(i/s)``, ``P = max((o-1)s + k_eff - i, 0)``,
                          ``p_lo = floor(P/2)``, ``p_hi = P - p_lo`` (extra at the end).
``onnx-same-lower``       ONNX ``SAME_LOWER`` = JAX ``"SAME_LOWER"``: as ``tensorflow`` but
                          ``p_lo = ceil(P/2)``, ``p_hi = floor(P/2)`` (extra at the start).
``scipy``                 ``scipy.signal.correlate(in1, in2, mode="same")``: no stride
                          (stride must be 1); ``P = k_eff - 1``, ``p_lo = ceil(P/2)``,
                          ``p_hi = floor(P/2)`` (the centred slice of the full output).

``scipy-correlate2d``       ``scipy.signal.correlate2d(in1, in2, "same")``: stride 1; ``P = k_eff - 1``,
                          ``p_lo = floor(P/2)`` (extra at the end, unlike ``correlate``).
========================  ==================================================================

Aliases: ``pytorch``; ``tf``, ``keras``, ``onnx-same-upper``, ``jax-same``, and the framework
spellings ``SAME`` and ``SAME_UPPER``; ``jax-same-lower`` and ``SAME_LOWER``; ``correlate2d``.
Case and ``_``/``-`` do not matter.
"""

from __future__ import annotations

from ..errors import fail

__all__ = ["SAME_CONVENTIONS", "same_padding", "canonical_convention"]


def _torch(i: int, k_eff: int, s: int) -> tuple[int, int]:
    if s != 1:
        raise fail("stride", s, "PyTorch padding='same' requires stride 1 "
                   "(choose same_convention='tensorflow' or 'onnx-same-lower' for strided 'same')")
    total = k_eff - 1
    return total // 2, total - total // 2


def _total_tf(i: int, k_eff: int, s: int) -> int:
    o = -(-i // s)
    return max((o - 1) * s + k_eff - i, 0)


def _upper(i: int, k_eff: int, s: int) -> tuple[int, int]:
    total = _total_tf(i, k_eff, s)
    return total // 2, total - total // 2


def _lower(i: int, k_eff: int, s: int) -> tuple[int, int]:
    total = _total_tf(i, k_eff, s)
    return total - total // 2, total // 2


def _scipy(i: int, k_eff: int, s: int) -> tuple[int, int]:
    if s != 1:
        raise fail("stride", s, "scipy.signal.correlate(mode='same') has no stride; stride must be 1")
    total = k_eff - 1
    return total - total // 2, total // 2


def _scipy_2d(i: int, k_eff: int, s: int) -> tuple[int, int]:
    if s != 1:
        raise fail("stride", s, "scipy.signal.correlate2d(mode='same') has no stride; stride must be 1")
    total = k_eff - 1
    return total // 2, total - total // 2


SAME_CONVENTIONS = {
    "torch": _torch,
    "tensorflow": _upper,
    "onnx-same-lower": _lower,
    "scipy": _scipy,
    "scipy-correlate2d": _scipy_2d,
}

_ALIASES = {
    "pytorch": "torch",
    "tf": "tensorflow",
    "keras": "tensorflow",
    "onnx-same-upper": "tensorflow",
    "onnx": "tensorflow",
    "jax-same": "tensorflow",
    "jax": "tensorflow",
    "jax-same-lower": "onnx-same-lower",
    "same": "tensorflow",
    "same-upper": "tensorflow",
    "same-lower": "onnx-same-lower",
    "correlate2d": "scipy-correlate2d",
}


def canonical_convention(name: str) -> str:
    """Return the canonical name of a 'same' convention (aliases resolved)."""
    key = str(name).lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in SAME_CONVENTIONS:
        import difflib

        known = sorted(set(SAME_CONVENTIONS) | set(_ALIASES))
        hint = difflib.get_close_matches(key, known, n=1)
        extra = f"; did you mean {hint[0]!r}?" if hint else ""
        raise fail("same_convention", name, f"must be one of {known}{extra}")
    return key


def same_padding(i: int, k: int, s: int = 1, d: int = 1, convention: str = "torch") -> tuple[int, int]:
    """Per-side padding ``(p_lo, p_hi)`` that 'same' means under ``convention``.

    Examples
    --------
    >>> same_padding(5, 4)                      # PyTorch: extra element at the end
    (1, 2)
    >>> same_padding(5, 4, convention="scipy")  # SciPy: extra element at the start
    (2, 1)
    >>> same_padding(224, 7, 2, convention="tensorflow")
    (2, 3)
    >>> same_padding(5, 4, convention="SAME_LOWER"), same_padding(5, 4, convention="correlate2d")
    ((2, 1), (1, 2))
    """
    fn = SAME_CONVENTIONS[canonical_convention(convention)]
    return fn(i, d * (k - 1) + 1, s)
