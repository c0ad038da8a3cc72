"""MyST / Jupyter Book directives whose body is Markdown: ```` ```{dropdown} ```` and the like.

Course books written for Jupyter Book put worked solutions in fenced directives (```` ```{dropdown}
Решение ````, ```` ```{admonition} ````, ```` ```{note} ````). Their fences look like code fences,
but their bodies are Markdown with math, so the extractor reads them: :func:`fence` is asked at
each fence line; for the opening line of such a directive it returns the end of that line (the
body is then scanned as usual) and remembers the fence, whose bare closing line it skips later.
Code-like directives (``{code-cell}``, ``{math}``, ``{raw}``, ...) and plain code fences are left to
the caller, which skips them as code.

>>> stack = []
>>> doc = "```{dropdown} Solution\\n$$1 + 1 = 2$$\\n```\\n"
>>> fence(doc, 0, stack), stack
(23, ['```'])
>>> fence(doc, 37, stack), stack
(41, [])
>>> fence("```python\\n", 0, []) is None
True
"""

from __future__ import annotations

import re

__all__ = ["MARKDOWN_DIRECTIVES", "fence"]

#: Directives whose body is Markdown (MyST, sphinx-design, sphinx-proof, sphinx-exercise).
MARKDOWN_DIRECTIVES = frozenset((
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip",
    "warning", "dropdown", "toggle", "margin", "sidebar", "topic", "epigraph", "card", "tab-set", "tab-item",
    "grid-item-card", "div", "exercise", "solution",
))
_LINE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})[ \t]*(?:\{([A-Za-z][\w:-]*)\})?([^\n]*)")


def _markdown(name: str) -> bool:
    return name in MARKDOWN_DIRECTIVES or name.startswith("prf:")


def fence(doc: str, pos: int, stack: list) -> int | None:
    """At the fence line starting at ``pos``: the position after that line when it opens a Markdown
    directive or closes the innermost open one (``stack`` of open fences, updated), else ``None``."""
    m = _LINE.match(doc, pos)
    if m is None:
        return None
    run, name, rest = m.group(1), m.group(2), m.group(3).strip()
    end = doc.find("\n", m.end())
    end = len(doc) if end < 0 else end + 1
    if stack and name is None and not rest and run[0] == stack[-1][0] and len(run) >= len(stack[-1]):
        stack.pop()
        return end
    if name is not None and _markdown(name):
        stack.append(run)
        return end
    return None
