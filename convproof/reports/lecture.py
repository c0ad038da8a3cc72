"""Built-in report ``lecture``: seed 000 sections 4-5 regenerated, verified, with computed errata.

Every matrix and product is derived by :mod:`convproof.symbolic` for the seed's examples
(:data:`convproof.seeds.seed000_errata.EXAMPLES`); the errata section compares the seed's transcribed
claims with them entry by entry (grouped into findings by :func:`convproof.seeds.seed000_errata.matrix_findings`)
and recomputes the text's statements about sizes, shapes and rules
(:mod:`convproof.seeds.seed000_text`, prose in :mod:`convproof.reports.lecture_errata`). The 2D
sections drop the layer superscripts, as the seed does.
"""

from __future__ import annotations

from ..latex.document import Box, Document, Para, Section, Table, tr
from ..notation import LECTURE, Notation
from .base import Report
from .verified import compact_item, registry_items
from .common import col, tabular
from .derivation import Derivation
from ..seeds.seed000_errata import EXAMPLES, checked_claims, matrix_findings
from ..seeds.seed000_text import statement_checks
from .lecture_errata import TEXT_FINDINGS
from .spec import im2col_blocks, toeplitz_blocks, transposed_blocks

__all__ = ["lecture_report"]


def _d(key: str, notation: Notation, max_size: int) -> Derivation:
    spec = EXAMPLES[key]
    return Derivation(spec, notation if spec.ndim == 1 else notation.replace(layer=None), max_size)


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
    for en, ru in (("eq.", "формула"), ("table", "таблица"), ("section", "раздел"), ("stride", "шаг"),
                    ("algorithm", "алгоритм")):
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


def _layer_note(lang: str, derived) -> str:
    return tr(lang, f"$z$ is the output of layer $l+1$ and carries ${derived}$, as eq. (17) writes it",
              f"$z$ --- выход слоя $l+1$ с индексом ${derived}$, как в формуле (17)")


def _labels_note(lang: str, f) -> str:
    """Eq. (25): one permutation of the row labels, and the entries it makes differ, compactly."""
    (a0, b0), rest = f.relabel[0], f.relabel[1:]
    holds = tr(lang, f"the row labelled ${_sym(a0)}$ holds the entries of ${_sym(b0)}$",
               f"строка с подписью ${_sym(a0)}$ содержит элементы ${_sym(b0)}$")
    holds += "".join(f", ${_sym(a)}$ {tr(lang, 'those of', '---')} ${_sym(b)}$" for a, b in rest)
    order = ", ".join(f"${_sym(t)}$" for t in f.errata[0].order)
    cells = "; ".join(f"${_sym(e.row_label)}$, {e.col + 1}: ${e.seed}$\\,/\\,${e.derived}$" for e in f.errata)
    return tr(lang, f"the matrix equals the derived one with its rows in row-major order ({order}), but the "
                    f"left-hand vector lists the symbols column by column, so the rows are mislabelled: "
                    f"{holds}. One error; taken at their labels, "
                    f"{f.entries} entries differ (row label, column: seed\\,/\\,derived): {{\\small {cells}}}",
              f"матрица совпадает с выведенной при порядке строк по строкам ({order}), но вектор слева "
              f"перечисляет символы по столбцам, и подписи строк переставлены: "
              f"{holds}. Это одна ошибка; если верить подписям, отличаются "
              f"{f.entries} элементов (подпись строки, столбец: семинар\\,/\\,выведено): {{\\small {cells}}}")


def _matrix_rows(found: list, lang: str, show) -> list:
    rows = []
    for f in found:
        where = [_label(lang, f.label), str(f.line)]
        if f.kind == "labels":
            rows.append([*where, tr(lang, f"row labels ({f.entries} entries)", f"подписи строк ({f.entries} эл.)"),
                         ", ".join(f"${_sym(a)}$" for a, _ in f.relabel),
                         ", ".join(f"${_sym(b)}$" for _, b in f.relabel)])
        else:
            e = f.errata[0]
            rows.append([*where, _where(e, lang), show(e.seed), show(e.derived)])
    return rows


def _matrix_part(ds: dict, lang: str) -> list:
    found = matrix_findings()
    p = ds["valid"].printer
    show = lambda v: f"${v}$" if isinstance(v, (str, tuple, int)) else f"${p.doprint(v)}$"
    claims = checked_claims()
    total, differ = sum(n for _, n in claims), sum(f.entries for f in found)
    labels = [f for f in found if f.kind == "labels"]
    why = tr(lang, f" ({labels[0].entries} of them from one labelling error)" if labels else "",
             f" ({labels[0].entries} из них --- следствие одной ошибки в подписях)" if labels else "")
    blocks = [Para(tr(lang, f"\\textbf{{Matrices and products.}} {len(claims)} matrices and products of the seed "
                            f"were transcribed and compared with the derived ones, {total} entries in all: "
                            f"{len(found)} findings, {differ} differing entries{why}:",
                      f"\\textbf{{Матрицы и произведения.}} {len(claims)} матриц и произведений семинара "
                      f"переписаны и сравнены с выведенными, сравнено элементов: {total}; находок {len(found)}, "
                      f"отличающихся элементов {differ}{why}:")),
              Table(tabular("lr" + col("0.2\\linewidth") + col("0.24\\linewidth") * 2,
                            [tr(lang, "where", "где"), tr(lang, "line", "стр."), tr(lang, "what", "что"),
                             tr(lang, "seed", "семинар"), tr(lang, "derived", "выведено")],
                            _matrix_rows(found, lang, show)),
                    tr(lang, "Errata of seed 000 in its matrices and products (computed)",
                       "Опечатки семинара 000 в матрицах и произведениях (вычислено)"))]
    notes = {}
    for f in found:
        if f.kind == "layer":
            notes.setdefault(f.label, _layer_note(lang, f.errata[0].derived))
        elif f.kind == "labels":
            notes[f.label] = _labels_note(lang, f)
    return blocks + [_items([f"{_cap(_label(lang, label))}: {text}." for label, text in notes.items()])]


def _text_part(ds: dict, lang: str) -> list:
    checks = statement_checks()
    bad = [c for c in checks if not c.holds]
    groups: dict = {}
    for c in bad:
        groups.setdefault(c.statement.label, []).append(c)
    held = "; ".join(f"{_label(lang, c.statement.label)}, {tr(lang, 'line', 'стр.')} {c.statement.line}"
                     for c in checks if c.holds)
    tex = ds["valid"].printer.doprint
    head = Para(tr(lang, f"\\textbf{{Sizes, shapes and rules in the text.}} {len(checks)} statements were "
                         f"transcribed and recomputed: {len(checks) - len(bad)} hold ({held}); {len(bad)} do not, "
                         f"in {len(groups)} findings:",
                   f"\\textbf{{Размеры, формы и правила в тексте.}} {len(checks)} утверждений переписаны и "
                   f"пересчитаны: верны {len(checks) - len(bad)} ({held}); неверны {len(bad)}, это "
                   f"{len(groups)} находок:"))
    return [head, _items([TEXT_FINDINGS[cs[0].statement.what](lang, cs, checks, tex) for cs in groups.values()])]


def _items(texts: list[str]) -> Para:
    """An itemized list; long ``\\texttt`` names may stretch the spacing of a line rather than overflow it."""
    body = "".join(f"\\item {t}\n" for t in texts)
    return Para("\\begin{itemize}\\setlength{\\emergencystretch}{3em}\n" + body + "\\end{itemize}")


def _errata_section(ds: dict, lang: str) -> Section:
    n = len(matrix_findings()) + len({c.statement.label for c in statement_checks() if not c.holds})
    intro = Para(tr(lang, f"{n} findings in all, each computed from a transcription of the seed (line numbers of "
                          "seed 000).", f"Всего {n} находок, каждая вычислена по записи семинара (номера строк "
                          "семинара 000)."))
    return Section(tr(lang, "Errata", "Опечатки"), [intro, *_matrix_part(ds, lang), *_text_part(ds, lang)])


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
    notation = notation or LECTURE
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
