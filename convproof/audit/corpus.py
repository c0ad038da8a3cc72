"""A seeded generator of lecture-style documents with known truth (the audit corpus).

Each document is LaTeX (``.tex``) or Markdown with math (``.md``), with English or Russian
prose, one section per example, one equation per example.  About half of the documents carry
exactly one planted error: an item whose ``true`` is ``False`` and whose ``error`` names the
change.  Truth comes from :mod:`convproof.numeric.reference`, :mod:`convproof.geometry` and
plain integers (see :mod:`.items`, :mod:`.items_text`), never from :mod:`convproof.check`.

>>> docs = corpus(4, seed=1)
>>> [d.name for d in docs][:2]
['audit-000.md', 'audit-001.tex']
>>> sum(not it.true for d in docs for it in d.items) <= 4
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .items import ERROR_KINDS, PRODUCT_BUILDERS, Item
from .items_count import COUNT_BUILDERS
from .items_deriv import DERIV_BUILDERS
from .items_deriv2 import DERIV2_BUILDERS
from .items_index import INDEX_BUILDERS
from .items_indexmore import INDEXMORE_BUILDERS
from .items_shapes import SHAPE_BUILDERS
from .items_size import size_formula
from .items_notation import NOTATION_BUILDERS
from .items_text import TEXT_BUILDERS
from .items_statedconv import STATED_BUILDERS
from .items_starcount import STAR_BUILDERS
from .items_sumdot import SUMDOT_BUILDERS
from .notation import ItemStyle, random_style

__all__ = ["CorpusDocument", "corpus", "document"]

BUILDERS = {**PRODUCT_BUILDERS, **TEXT_BUILDERS, "size-formula": size_formula, **INDEX_BUILDERS,
            **NOTATION_BUILDERS, **DERIV_BUILDERS, **COUNT_BUILDERS, **STATED_BUILDERS,
            **STAR_BUILDERS, **SUMDOT_BUILDERS, **INDEXMORE_BUILDERS, **SHAPE_BUILDERS}
BUILDERS.update(DERIV2_BUILDERS)  # the operator d/dx, activation derivatives as cases
SYMBOLIC_ONLY = {"index-grouped", "index-centered", "matrix-shape", "receptive-step", "star-count", "sum-dot", "labels",
                 "gradient-entries", "size", "align-chain", "size-formula"}
_LABEL_ERRORS = ("label-dup", "label-skip")

_PROSE = {
    "en": {"title": "Lecture notes: convolution as a matrix product (example set {n})",
           "intro": "We write each convolution as an explicit product and check it by hand.",
           "section": "Example {i}", "then": "We obtain"},
    "ru": {"title": "Конспект лекции: свёртка как матричное произведение (набор {n})",
           "intro": "Каждую свёртку запишем как явное произведение и проверим вручную.",
           "section": "Пример {i}", "then": "Получаем"},
}


@dataclass
class CorpusDocument:
    """A generated document: ``text`` in format ``fmt`` and its ``items`` (lines filled in)."""

    name: str
    fmt: str
    lang: str
    text: str
    items: list = field(default_factory=list)

    @property
    def planted(self) -> list:
        return [it for it in self.items if it.error is not None and not it.true]


def _item(rng, kind: str, error: str | None) -> Item:
    note = random_style(rng) if kind not in ("size", "align-chain", "size-formula") else ItemStyle()
    numeric = kind not in SYMBOLIC_ONLY and rng.random() < 0.35
    return BUILDERS[kind](rng, note, error, numeric)


def _error_for(rng, kind: str) -> str:
    if kind == "labels":
        return rng.choice(_LABEL_ERRORS + ("entry", "swap-rows"))
    if kind in ("size", "align-chain", "size-formula"):
        return "value"
    return rng.choice(ERROR_KINDS)


def _items(rng, count: int, planted: bool) -> list:
    kinds = [rng.choice(sorted(BUILDERS)) for _ in range(count)]
    bad = rng.randrange(count) if planted else -1
    out = []
    for i, kind in enumerate(kinds):
        item = _item(rng, kind, _error_for(rng, kind) if i == bad else None)
        if i == bad and item.true:  # the kind did not apply: try the always-applicable one
            item = _item(rng, "toeplitz-1d", "entry")
        out.append(item)
    return out


_RU = (("Output size of a transposed convolution", "Размер выхода транспонированной свёртки"),
       ("Span of a dilated kernel", "Размах разреженного ядра"),
       ("Padding that keeps the same size at stride 1 for an odd kernel",
        "Дополнение, которое сохраняет размер при шаге 1 для нечётного ядра"), ("for all sizes", "для всех размеров"),
       ("Output size of a convolution,", "Размер выхода свёртки,"), ("output padding", "выходное дополнение"),
       ("1D cross-correlation as a product with the padded input", "Одномерная взаимная корреляция как произведение с дополненным входом"),
       ("1D cross-correlation as a product with the input", "Одномерная взаимная корреляция как произведение со входом"),
       ("Transposed product (gradient of the input) for", "Транспонированное произведение (градиент по входу) для"),
       ("Transposed convolution as zero insertion", "Транспонированная свёртка как вставка нулей"),
       ("and a correlation with the flipped kernel", "и корреляция с перевёрнутым ядром"),
       ("2D cross-correlation, input", "Двумерная взаимная корреляция, вход"),
       ("row-major vectorisation", "векторизация по строкам"),
       ("im2col: each row is one", "im2col: каждая строка -- один фрагмент"), ("patch of the", "из"),
       ("the product with the kernel gives the output", "произведение с ядром даёт выход"),
       ("Kernel gradient", "Градиент по ядру"), ("Outputs z_i of the 1D cross-correlation with",
                                                  "Выходы z_i одномерной корреляции с"),
       ("z_i is the i-th output", "z_i -- i-й выход"),
       ("Gradient of the loss L with respect to the kernel, tap by tap, where",
        "Градиент функции потерь L по ядру, по одному коэффициенту, где"),
       ("Output size of a convolution: input", "Размер выхода свёртки: вход"),
       ("One output computed step by step.", "Один выход, вычисленный по шагам."),
       ("in both dimensions", "по обоим измерениям"), ("stride", "шаг"), ("dilation", "дилатация"),
       ("padding", "дополнение"), ("kernel", "ядро"), ("input", "вход"))


def _prose(text: str, lang: str) -> str:
    """The item's prose in the document's language (phrase table; formulas stay as they are)."""
    if lang == "ru":
        for en, ru in _RU:
            text = text.replace(en, ru)
    return text


def _display(item: Item, fmt: str) -> list[str]:
    if item.multiline:
        env = "align*" if fmt == "tex" else "aligned"
        if fmt == "tex":
            return [f"\\begin{{{env}}}", *item.body.split("\n"), f"\\end{{{env}}}"]
        return ["$$\\begin{aligned}", *item.body.split("\n"), "\\end{aligned}$$"]
    return [f"\\[ {item.body} \\]" if fmt == "tex" else f"$$ {item.body} $$"]


def _assemble(items: list, fmt: str, lang: str, number: int) -> str:
    words = _PROSE[lang]
    lines: list[str] = []
    if fmt == "tex":
        lines += ["\\documentclass{article}", "\\usepackage{amsmath}", "\\begin{document}",
                  f"\\section*{{{words['title'].format(n=number)}}}"]
    else:
        lines += [f"# {words['title'].format(n=number)}"]
    lines += ["", words["intro"], ""]
    for i, item in enumerate(items, 1):
        head = words["section"].format(i=i)
        lines += [f"\\subsection*{{{head}}}" if fmt == "tex" else f"## {head}", "",
                  _prose(item.prose, lang), words["then"] + ":", ""]
        item.line = len(lines) + 1
        lines += _display(item, fmt) + [""]
    if fmt == "tex":
        lines.append("\\end{document}")
    return "\n".join(lines) + "\n"


def document(number: int, seed: int = 0, planted: bool | None = None, count: int | None = None) -> CorpusDocument:
    """CorpusDocument ``number`` of the corpus with ``seed`` (deterministic)."""
    rng = random.Random(f"convproof-audit/{seed}/{number}")
    planted = rng.random() < 0.5 if planted is None else planted
    count = rng.randint(4, 8) if count is None else count
    fmt = "md" if number % 2 == 0 else "tex"
    lang = "ru" if (number // 2) % 2 else "en"
    items = _items(rng, count, planted)
    text = _assemble(items, fmt, lang, number)
    return CorpusDocument(f"audit-{number:03d}.{fmt}", fmt, lang, text, items)


def corpus(n_docs: int, seed: int = 0) -> list[CorpusDocument]:
    """``n_docs`` documents; every other one is planted (so about half carry one error)."""
    return [document(i, seed, planted=i % 4 in (1, 2)) for i in range(n_docs)]
