"""Built-in report ``lecture``: seed 000 sections 4-5 regenerated, verified, with computed errata.

Every matrix and product is derived by :mod:`convproof.symbolic` for the seed's examples
(:data:`convproof.reports.errata.EXAMPLES`); the errata section compares the seed's transcribed
claims with them entry by entry. The 2D sections drop the layer superscripts, as the seed does.
"""

from __future__ import annotations

from ..latex.document import Box, Document, Para, Section, Table, tr
from ..latex.notation import Notation
from .base import Report
from .checks import compact_item, registry_items
from .common import tabular
from .derivation import Derivation
from .errata import EXAMPLES, checked_claims, errata
from .spec import im2col_blocks, toeplitz_blocks, transposed_blocks

__all__ = ["lecture_report"]


def _d(key: str, notation: Notation, max_size: int) -> Derivation:
    spec = EXAMPLES[key]
    return Derivation(spec, notation if spec.ndim == 1 else notation.replace(layer=False), max_size)


def _vectorization(ds: dict, lang: str, fig) -> Section:
    blocks = [Para(tr(lang, "Table 1 of the seed: a $4 \\times 4$ map holding $1, \\dots, 16$, a $2 \\times 2$ "
                            "filter, stride 1, no padding.",
                      "Таблица 1 семинара: карта $4 \\times 4$ со значениями $1, \\dots, 16$, фильтр "
                      "$2 \\times 2$, шаг 1, без паддинга."))]
    blocks += im2col_blocks(ds["im2col"], lang, fig, key="table1-")
    return Section(tr(lang, "Vectorization with im2col (section 4.1)", "Векторизация с помощью im2col (раздел 4.1)"),
                   blocks)


def _toeplitz_1d(ds: dict, lang: str, fig) -> Section:
    blocks = [Para(tr(lang, "Valid padding, $N = 5$, $K = 3$ (eqs. 10--11):", "Без паддинга, $N = 5$, $K = 3$ "
                            "(формулы 10--11):"))]
    blocks += toeplitz_blocks(ds["valid"], lang, fig, key="eq10")
    blocks.append(Para(tr(lang, "Same padding, one zero on each side, written on the padded input (eqs. 12--13):",
                          "Паддинг same, по одному нулю с каждой стороны, на входе с паддингом (формулы 12--13):")))
    blocks += toeplitz_blocks(ds["same"], lang, None, padded=True)
    blocks.append(Para(tr(lang, "Stride 2 on the same padded input (eqs. 14--15):",
                          "Шаг 2 на том же входе с паддингом (формулы 14--15):")))
    blocks += toeplitz_blocks(ds["stride2"], lang, fig, padded=True, key="eq14")
    return Section(tr(lang, "Convolution with a Toeplitz matrix, 1D (section 5.1)",
                      "Свёртка через матрицу Тёплица, 1D (раздел 5.1)"), blocks)


def _transposed_1d(ds: dict, lang: str, fig) -> Section:
    blocks = [Para(tr(lang, "Stride 1, all overlaps (the transpose of the valid convolution $7 \\to 5$, eq. 17):",
                          "Шаг 1, все положения перекрытия (транспонирование свёртки $7 \\to 5$, формула 17):"))]
    blocks += transposed_blocks(ds["transposed_full"], lang, None)
    blocks.append(Para(tr(lang, "Stride 2 (the transpose of the stride-2 convolution $7 \\to 3$, eq. 18); the third "
                                "and fifth outputs receive two kernel placements:",
                          "Шаг 2 (транспонирование свёртки $7 \\to 3$ с шагом 2, формула 18); третий и пятый выходы "
                          "получают по два положения ядра:")))
    blocks += transposed_blocks(ds["transposed_stride2"], lang, fig, key="eq18-")
    return Section(tr(lang, "Transposed convolution, 1D (section 5.2)", "Транспонированная свёртка, 1D (раздел 5.2)"),
                   blocks)


def _toeplitz_2d(ds: dict, lang: str, fig) -> Section:
    blocks = [Para(tr(lang, "A $3 \\times 3$ map, a $3 \\times 3$ filter, same padding; $\\mathrm{vec}$ is row by row:",
                          "Карта $3 \\times 3$, фильтр $3 \\times 3$, паддинг same; $\\mathrm{vec}$ по строкам:"))]
    blocks += toeplitz_blocks(ds["same2d"], lang, fig, key="sec53")
    blocks.append(Para(tr(lang, "Stride 2 keeps the rows of the outputs at odd positions (the seed's "
                                "$z_{11}$, $z_{13}$, $z_{31}$, $z_{33}$, here numbered $z_{11}$, $z_{12}$, $z_{21}$, $z_{22}$):",
                          "Шаг 2 оставляет строки выходов на нечётных позициях ($z_{11}$, $z_{13}$, $z_{31}$, $z_{33}$ "
                          "семинара, здесь $z_{11}$, $z_{12}$, $z_{21}$, $z_{22}$):")))
    blocks += toeplitz_blocks(ds["stride2_2d"], lang, None)
    return Section(tr(lang, "Convolution with a Toeplitz matrix, 2D (section 5.3)",
                      "Свёртка через матрицу Тёплица, 2D (раздел 5.3)"), blocks)


def _transposed_2d(ds: dict, lang: str, fig) -> Section:
    blocks = [Para(tr(lang, "The transpose of the stride-2 matrix above (eq. 25), rows in the same row-major order "
                            "as the input:",
                      "Транспонированная матрица свёртки с шагом 2 (формула 25), строки в том же порядке по "
                      "строкам, что и вход:"))]
    blocks += transposed_blocks(ds["stride2_2d"], lang, fig, key="eq25-")
    return Section(tr(lang, "Transposed convolution, 2D (section 5.4)", "Транспонированная свёртка, 2D (раздел 5.4)"),
                   blocks)


def _label(lang: str, label: str) -> str:
    """The seed's own reference ('eq. (18)', 'table 1', 'section 5.3 (...)') in ``lang``."""
    if lang == "en":
        return label
    for en, ru in (("eq.", "формула"), ("table", "таблица"), ("section", "раздел"), ("stride", "шаг")):
        label = label.replace(en, ru)
    return label


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sym(token: str) -> str:
    return f"{token[0]}_{{{token[1:]}}}"


def _where(e, lang: str) -> str:
    if e.kind == "cell":
        row = tr(lang, f"row {e.row + 1}", f"строка {e.row + 1}")
        row += f" (${_sym(e.row_label)}$)" if e.row_label else ""
        return row + tr(lang, f", column {e.col + 1}", f", столбец {e.col + 1}")
    if e.kind == "entry":
        return tr(lang, f"entry {e.row + 1}", f"элемент {e.row + 1}")
    if e.kind == "layer":
        return tr(lang, "superscript of $z$", "верхний индекс $z$")
    return tr(lang, e.kind, {"shape": "размер", "length": "длина"}.get(e.kind, e.kind))


def _note(lang: str, e) -> str:
    if e.note == "layer":
        return tr(lang, f"$z$ is the output of layer $l+1$ and carries ${e.derived}$, as eq. (17) writes it",
                  f"$z$ --- выход слоя $l+1$ с индексом ${e.derived}$, как в формуле (17)")
    order = ", ".join(f"${_sym(t)}$" for t in e.order)
    return tr(lang, f"the matrix equals the derived one with its rows in row-major order ({order}); the "
                    "left-hand vector lists the same symbols column by column, so its labels do not match the rows",
              f"матрица совпадает с выведенной при порядке строк по строкам ({order}); вектор слева перечисляет "
              "те же символы по столбцам, поэтому его подписи не соответствуют строкам")


def _errata_section(ds: dict, lang: str) -> Section:
    found = errata()
    p = ds["valid"].printer
    show = lambda v: f"${v}$" if isinstance(v, (str, tuple, int)) else f"${p.doprint(v)}$"  # noqa: E731
    rows = [[f"{_label(lang, e.label)} ({tr(lang, 'line', 'стр.')} {e.line})", _where(e, lang), show(e.seed),
             show(e.derived)] for e in found]
    claims = checked_claims()
    entries = sum(n for _, n in claims)
    notes: dict = {}
    for e in found:
        if e.note:
            notes.setdefault((e.label, e.note), e)
    blocks = [Para(tr(lang, f"{len(claims)} matrices and products of the seed were transcribed and compared "
                            f"with the derived ones, {entries} entries in all; {len(found)} differ:",
                      f"{len(claims)} матриц и произведений семинара переписаны и сравнены с выведенными, всего "
                      f"{entries} элементов; отличаются {len(found)}:")),
              Table(tabular("llll", [tr(lang, "where", "где"), tr(lang, "entry", "элемент"),
                                     tr(lang, "seed", "семинар"), tr(lang, "derived", "выведено")], rows),
                    tr(lang, "Errata of seed 000 (computed)", "Опечатки семинара 000 (вычислено)"))]
    blocks += [Para(f"{_cap(_label(lang, label))}: {_note(lang, e)}.") for (label, _), e in notes.items()]
    return Section(tr(lang, "Errata", "Опечатки"), blocks)


def _verified(ds: dict, lang: str) -> Section:
    eqs, eq = tr(lang, "eqs.", "формулы"), tr(lang, "eq.", "формула")
    labels = {"im2col": tr(lang, "table 1", "таблица 1"), "valid": f"{eqs} 10--11", "same": f"{eqs} 12--13",
              "stride2": f"{eqs} 14--15", "transposed_full": f"{eq} 17", "transposed_stride2": f"{eq} 18",
              "same2d": tr(lang, "section 5.3", "раздел 5.3"), "stride2_2d": tr(lang, "5.3 stride 2, eq. 25",
                                                                               "5.3 шаг 2, формула 25")}
    items = [(tr(lang, "Each example, exact SymPy identities and numeric cross-checks",
                 "Каждый пример: точные тождества SymPy и численные проверки"),
              [compact_item(ds[k], lang, labels[k]) for k in EXAMPLES])]
    reg = registry_items(lang)
    if reg:
        items.append((tr(lang, "General statements (convproof verify)", "Общие утверждения (convproof verify)"), reg))
    return Section(tr(lang, "Verified", "Проверено"), [Box(tr(lang, "Verified", "Проверено"), items)])


def lecture_report(lang: str = "en", notation: Notation | None = None, max_size: int = 10) -> Report:
    """Seed 000 sections 4-5, regenerated and verified, with errata."""
    notation = notation or Notation()
    ds = {k: _d(k, notation, max_size) for k in EXAMPLES}
    report = Report(Document(tr(lang, "Vectorized and transposed convolution: seed lecture, sections 4--5, verified",
                                "Векторизация и транспонированная свёртка: разделы 4--5 лекции, проверено"),
                             [], lang))
    fig = report.figure
    report.document.intro = [Para(tr(lang, "Every matrix below was derived by convproof and checked; the errata "
                                           "section lists where the lecture notes differ.",
                                     "Каждая матрица ниже выведена convproof и проверена; в разделе опечаток "
                                     "перечислены расхождения с конспектом."))]
    report.document.sections = [_vectorization(ds, lang, fig), _toeplitz_1d(ds, lang, fig),
                                _transposed_1d(ds, lang, fig), _toeplitz_2d(ds, lang, fig),
                                _transposed_2d(ds, lang, fig), _errata_section(ds, lang), _verified(ds, lang)]
    return report
