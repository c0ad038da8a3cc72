"""Worked counts against the layer the document describes (check/counts.py): planted errors and
correct variants; ambiguous or single-channel layers are never called wrong."""

import pytest

from convproof.check import check_text
from convproof.check.counts import read_layer
from convproof.geometry import conv_params

LENET2 = ("The first layer gives 28 x 28 x 6 maps. The second convolution layer takes the input "
          "$14 \\times 14 \\times 6$ and has 16 filters of size $5 \\times 5$.\n\nIts number of parameters:\n\n")
RU = "Второй свёрточный слой: вход $14 \\times 14 \\times 6$, 16 фильтров размера $5 \\times 5$. Число параметров:\n\n"
MULT = ("The layer maps the input $14 \\times 14 \\times 6$ to the output $10 \\times 10 \\times 16$ with 16 "
        "filters of size $5 \\times 5$. Number of multiplications:\n\n")
ALEX = "The first layer has 96 filters of size 11 x 11 on the input 227 x 227 x 3. Its parameters:\n\n"


def last(text):
    return check_text(text, "md", "x.md").equations[-1]


CASES = [
    ("lenet-planted-no-channels", LENET2 + "$$(5 \\cdot 5 + 1) \\cdot 16 = 416$$", "wrong"),
    ("lenet-correct", LENET2 + "$$(5 \\cdot 5 \\cdot 6 + 1) \\cdot 16 = 2416$$", "holds"),
    ("lenet-correct-without-bias", LENET2 + "$$5 \\cdot 5 \\cdot 6 \\cdot 16 = 2400$$", "holds"),
    ("lenet-planted-filters", LENET2 + "$$(5 \\cdot 5 \\cdot 6 + 1) \\cdot 16 = 2417$$", "wrong"),
    ("ru-planted", RU + "$$(5 \\cdot 5 + 1) \\cdot 16 = 416$$", "wrong"),
    ("ru-correct", RU + "$$(5 \\cdot 5 \\cdot 6 + 1) \\cdot 16 = 2416$$", "holds"),
    ("alex-correct", ALEX + "$$11 \\cdot 11 \\cdot 3 \\cdot 96 + 96 = 34944$$", "holds"),
    ("alex-planted", ALEX + "$$11 \\cdot 11 \\cdot 96 + 96 = 11712$$", "wrong"),
    ("mults-correct", MULT + "$$10 \\cdot 10 \\cdot 16 \\cdot 5 \\cdot 5 \\cdot 6 = 240000$$", "holds"),
    ("mults-correct-two-ops", MULT + "$$2 \\cdot 10 \\cdot 10 \\cdot 16 \\cdot 5 \\cdot 5 \\cdot 6 = 480000$$", "holds"),
    ("mults-planted", MULT + "$$10 \\cdot 10 \\cdot 16 \\cdot 5 \\cdot 5 = 40000$$", "wrong"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_count_against_layer(text, expected):
    assert last(text).status == expected


def test_wrong_count_names_the_computed_count_and_difference():
    res = last(LENET2 + "$$(5 \\cdot 5 + 1) \\cdot 16 = 416$$")
    expected = conv_params(6, 16, 5)
    assert f"{expected:,}" in res.message and f"{expected - 416:+,}" in res.message


def test_correct_count_is_named_as_agreeing():
    assert "agrees with the layer described" in last(LENET2 + "$$(5 \\cdot 5 \\cdot 6 + 1) \\cdot 16 = 2416$$").message


@pytest.mark.parametrize("prose", [
    "A convolution layer with 16 filters of size $5 \\times 5$. Its parameters:\n\n",    # channels not stated
    "Layer 1: input 32 x 32 x 1, 6 filters 5 x 5. Layer 2: input 14 x 14 x 6, 16 filters 5 x 5. Parameters:\n\n",
    "Parameters of a layer:\n\n",                                                           # nothing stated
    "A grouped convolution (2 groups) takes the input 14 x 14 x 6 with 16 filters of size 5 x 5. Parameters:\n\n",
], ids=["single-channel-intent", "two-layers-ambiguous", "no-layer", "grouped"])
def test_unstated_or_ambiguous_layer_keeps_the_arithmetic_verdict(prose):
    res = last(prose + "$$(5 \\cdot 5 + 1) \\cdot 16 = 416$$")
    assert res.status == "holds" and "wrong" not in res.message


def test_false_arithmetic_stays_wrong_as_arithmetic():
    res = last(LENET2 + "$$(5 \\cdot 5 + 1) \\cdot 16 = 417$$")
    assert res.status == "wrong" and "layer" not in res.message


def test_count_of_another_layer_is_not_judged():
    # the statement's numbers do not hold this layer's kernel and filters: not a count of it
    res = last(LENET2 + "$$3 \\cdot 3 \\cdot 7 = 63$$")
    assert res.status == "holds" and "layer" not in res.message


@pytest.mark.parametrize("prose, claim, expected", [
    ("The first layer has 96 filters of size 11x11x3. Its parameters:\n\n", "11 \\cdot 11 \\cdot 96 + 96 = 11712", "wrong"),
    ("The first layer has 96 filters of size 11x11x3. Its parameters:\n\n",
     "(11 \\cdot 11 \\cdot 3 + 1) \\cdot 96 = 34944", "holds"),
    ("Фильтры 5x5x6, всего 16 фильтров. Число параметров:\n\n", "(5 \\cdot 5 + 1) \\cdot 16 = 416", "wrong"),
], ids=["filter-depth-planted", "filter-depth-correct", "filter-depth-ru-planted"])
def test_filter_shape_gives_kernel_and_channels(prose, claim, expected):
    assert last(prose + f"$${claim}$$").status == expected


def test_read_layer():
    layer = read_layer("input $14 \\times 14 \\times 6$, 16 filters of size $5 \\times 5$, output 10 x 10 x 16")
    assert (layer.kernel, layer.in_channels, layer.filters, layer.out_size) == (5, 6, 16, 10)



MSE = "The loss is\n\n$$L = \\frac{1}{2n} \\sum_{i=1}^{n} (\\hat{y}_i - y_i)^2$$\n\nIts gradient:\n\n"
HALF = "$$E = \\frac{1}{2} \\sum_{j=1}^{m} (t_j - o_j)^2$$\n\n"

LOSS_CASES = [
    ("mse-correct", MSE + "$$\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{1}{n} (\\hat{y}_i - y_i)$$", "holds"),
    ("mse-planted-factor-dropped", MSE + "$$\\frac{\\partial L}{\\partial \\hat{y}_i} = \\hat{y}_i - y_i$$", "wrong"),
    ("mse-other-index", MSE + "$$\\frac{\\partial L}{\\partial \\hat{y}_k} = \\frac{1}{n} (\\hat{y}_k - y_k)$$", "holds"),
    ("mse-planted-factor-two", MSE + "$$\\frac{\\partial L}{\\partial \\hat{y}_k} = \\frac{2}{n} (\\hat{y}_k - y_k)$$",
     "wrong"),
    ("half-correct", HALF + "$$\\frac{\\partial E}{\\partial o_j} = -(t_j - o_j)$$", "holds"),
    ("half-planted-sign", HALF + "$$\\frac{\\partial E}{\\partial o_j} = t_j - o_j$$", "wrong"),
    ("same-display", "$$\\begin{aligned} L &= \\frac{1}{n} \\sum_{i=1}^{n} (a_i - y_i)^2 \\\\ "
                     "\\frac{\\partial L}{\\partial a_i} &= \\frac{2}{n} (a_i - y_i) \\end{aligned}$$", "holds"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in LOSS_CASES], ids=[c[0] for c in LOSS_CASES])
def test_loss_gradient_against_the_defined_loss(text, expected):
    assert last(text).status == expected


def test_loss_gradient_names_the_factor():
    message = last(MSE + "$$\\frac{\\partial L}{\\partial \\hat{y}_i} = \\hat{y}_i - y_i$$").message
    assert "n times the derivative" in message and "\\frac{1}{2 n}" in message


def test_loss_with_a_name_free_of_the_index_is_not_judged():
    text = ("$$L = \\frac{1}{n} \\sum_{i=1}^{n} (y_i - \\bar{y})^2$$\n\n"
            "$$\\frac{\\partial L}{\\partial y_i} = \\frac{2}{n} (y_i - \\bar{y})$$")
    assert last(text).status == "unchecked"


PROSE_LAYER = "The second conv layer takes the input 14x14x6 and has 16 filters of size 5x5, so it has "


@pytest.mark.parametrize("claim, expected", [
    ("(5*5+1)*16 = 416 parameters.", "wrong"),
    ("(5*5*6+1)*16 = 2 416 parameters.", "holds"),
    ("5*5*6*16 = 2400 weights.", "holds"),
], ids=["prose-planted", "prose-correct", "prose-correct-no-bias"])
def test_prose_counts_against_the_layer(claim, expected):
    assert last(PROSE_LAYER + claim).status == expected


def test_prose_count_without_stated_channels_is_left_alone():
    assert last("A layer with 16 filters of size 5x5 has (5*5+1)*16 = 416 parameters.").status == "holds"


def test_the_next_examples_layer_does_not_hide_a_planted_count():
    """A found regression (audit corpus): the 120 characters read after a count reached the next
    example's kernel, made the layer ambiguous, and a count without input channels held as arithmetic."""
    nxt = "\n\n## Пример 6\n\nДвумерная взаимная корреляция, вход 3x3, ядро 3x3, шаг 1, дополнение 1.\n"
    text = ("The convolution layer takes the вход 28 x 28 x 8 and has 64 filters of size 5 x 5. "
            "Its number of parameters.\nПолучаем:\n\n")
    assert last(text + "$$ 5 \\cdot 5 \\cdot 64 = 1600 $$" + nxt).status == "wrong"
    assert last(text + "$$ 5 \\cdot 5 \\cdot 8 \\cdot 64 = 12800 $$" + nxt).status == "holds"
