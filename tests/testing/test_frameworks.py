"""convproof.testing with frameworks: torch.nn.functional wrappers and modules (CI), JAX and ONNX
(skipped when not installed), and the pytest plugin's conv_check fixture."""

from __future__ import annotations

import numpy as np
import pytest

from convproof.errors import ConvProofError
from convproof.testing import check_implementation, from_jax, onnx_layer

pytest_plugins = ["pytester"]


# -- torch -----------------------------------------------------------------------------------------
def _t(torch, a):
    return None if a is None else torch.as_tensor(a)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_torch_functional_wrappers_pass_with_default_arguments():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional

    def conv2d(input, weight, bias=None, **kw):
        return F.conv2d(_t(torch, input), _t(torch, weight), _t(torch, bias), **kw)

    def conv_transpose2d(input, weight, bias=None, **kw):
        return F.conv_transpose2d(_t(torch, input), _t(torch, weight), _t(torch, bias), **kw)

    def conv2d_input(input_size, weight, grad_output, **kw):
        return torch.nn.grad.conv2d_input(input_size, _t(torch, weight), _t(torch, grad_output), **kw)

    def conv2d_weight(input, weight_size, grad_output, **kw):
        return torch.nn.grad.conv2d_weight(_t(torch, input), weight_size, _t(torch, grad_output), **kw)

    for op, fn in (("conv", conv2d), ("conv_transpose", conv_transpose2d), ("conv_grad_input", conv2d_input),
                   ("conv_grad_weight", conv2d_weight)):
        report = check_implementation(fn, op=op, max_examples=20)
        assert report.checked > 0 and report.skipped == 0
    assert any("float64" in n for n in report.notes)  # torch: grad_weight "not implemented for 'Long'"


def test_torch_functions_taking_tensors():
    torch = pytest.importorskip("torch")
    check_implementation(torch.nn.functional.conv2d, arrays="torch", max_examples=10)
    with pytest.raises(AssertionError, match="arrays='torch'"):
        check_implementation(torch.nn.functional.conv2d, max_examples=5, shrink_seconds=0.5)


@pytest.mark.parametrize("make", [
    lambda nn: nn.Conv2d(2, 4, 3),
    lambda nn: nn.Conv1d(2, 2, 2, stride=2, padding=1, dilation=2, groups=2, padding_mode="reflect"),
    lambda nn: nn.Conv2d(1, 2, (2, 3), padding="same", bias=False),
    lambda nn: nn.Conv3d(1, 1, 2, stride=(1, 2, 1)),
    lambda nn: nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1),
    lambda nn: nn.ConvTranspose1d(2, 2, 2, stride=3, groups=2, dilation=2),
], ids=["conv2d", "conv1d-reflect", "conv2d-same", "conv3d", "transpose2d", "transpose1d-groups"])
def test_torch_modules_pass_with_default_arguments(make):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    report = check_implementation(make(torch.nn), max_examples=15)
    assert report.checked > 0


def test_buggy_torch_module_is_caught():
    torch = pytest.importorskip("torch")

    class MyConv(torch.nn.Conv2d):  # a user's module: forgets the bias
        def forward(self, x):
            return torch.nn.functional.conv2d(x, self.weight, None, self.stride, self.padding)

    torch.manual_seed(0)
    with pytest.raises(AssertionError, match="MyConv returned a wrong value") as info:
        check_implementation(MyConv(1, 2, 3, padding=1), max_examples=10, shrink_seconds=0.5)
    assert "tolerance" in str(info.value) and "call: MyConv(input: float32[" in str(info.value)


def test_module_settings_cannot_be_overridden():
    torch = pytest.importorskip("torch")
    with pytest.raises(ConvProofError, match="read from the layer"):
        check_implementation(torch.nn.Conv2d(1, 1, 3), strides=(1, 2))
    with pytest.raises(ConvProofError, match="op='conv_transpose'"):
        check_implementation(torch.nn.Conv2d(1, 1, 3), op="conv_transpose")


# -- JAX -------------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:check_implementation")
def test_jax_conv_general_dilated_and_conv_transpose():
    pytest.importorskip("jax")
    from jax import lax

    check_implementation(from_jax(lax.conv_general_dilated), max_examples=15)
    check_implementation(from_jax(lax.conv_general_dilated, dimension_numbers=("NHWC", "HWIO", "NHWC")),
                         max_examples=10)
    report = check_implementation(from_jax(lax.conv_transpose, op="conv_transpose"), op="conv_transpose",
                                  max_examples=30)
    assert report.skipped > 0  # groups > 1: lax.conv_transpose has none (skipped, not failed)


def test_jax_transpose_without_kernel_flip_is_caught():
    pytest.importorskip("jax")
    from jax import lax

    def no_flip(lhs, rhs, strides, padding, rhs_dilation, dimension_numbers, transpose_kernel):
        flipped = rhs[(slice(None), slice(None)) + (slice(None, None, -1),) * (rhs.ndim - 2)]  # undoes JAX's flip
        return lax.conv_transpose(lhs, flipped, strides, padding, rhs_dilation, dimension_numbers, transpose_kernel)
    with pytest.raises(AssertionError, match="wrong"):
        # dilations=False: XLA (jax 0.10.2) aborts the process on one dilated, strided case
        check_implementation(from_jax(no_flip, op="conv_transpose"), op="conv_transpose", groups=False,
                             dilations=False, max_examples=30, shrink_seconds=0.5)


# -- ONNX ------------------------------------------------------------------------------------------
def _onnx_model(op_type, w, b=None, **attrs):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(w.astype(np.float32), "W")]
    inputs = ["X", "W"]
    if b is not None:
        inits.append(numpy_helper.from_array(b.astype(np.float32), "B"))
        inputs.append("B")
    nd = w.ndim - 2
    node = helper.make_node(op_type, inputs, ["Y"], **attrs)
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None] * (nd + 2))],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None] * (nd + 2))], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.parametrize("runtime", ["reference", "onnxruntime"])
def test_onnx_single_node_models(runtime):
    pytest.importorskip("onnx")
    if runtime == "onnxruntime":
        pytest.importorskip("onnxruntime")
    rng = np.random.default_rng(0)
    conv = _onnx_model("Conv", rng.normal(size=(2, 1, 3, 2)), rng.normal(size=2), strides=[2, 1], pads=[1, 0, 0, 1])
    check_implementation(onnx_layer(conv, runtime=runtime), max_examples=10)
    same = _onnx_model("Conv", rng.normal(size=(1, 1, 2)), auto_pad="SAME_LOWER", strides=[2])
    check_implementation(onnx_layer(same, runtime=runtime), max_examples=10)
    tconv = _onnx_model("ConvTranspose", rng.normal(size=(1, 2, 3, 3)), strides=[2, 2], pads=[1, 1, 1, 1],
                        output_padding=[1, 0])
    check_implementation(onnx_layer(tconv, runtime=runtime), max_examples=10)
    tsame = _onnx_model("ConvTranspose", rng.normal(size=(1, 1, 3)), strides=[2], auto_pad="SAME_UPPER")
    check_implementation(onnx_layer(tsame, runtime=runtime), max_examples=10)


def test_onnx_model_with_two_nodes_is_refused():
    pytest.importorskip("onnx")
    from onnx import helper

    model = _onnx_model("Conv", np.ones((1, 1, 1)))
    model.graph.node.append(helper.make_node("Relu", ["Y"], ["Z"]))
    with pytest.raises(ConvProofError, match="exactly one Conv"):
        onnx_layer(model)


# -- pytest plugin ---------------------------------------------------------------------------------
def test_pyproject_registers_the_plugin():
    import tomllib
    from pathlib import Path

    meta = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert meta["project"]["entry-points"]["pytest11"]["convproof"] == "convproof.testing.pytest_plugin"


def test_conv_check_fixture(pytester, pytestconfig):
    pytester.makepyfile(test_course="""
        import numpy as np
        from convproof.numeric import reference

        def test_good(conv_check):
            conv_check(reference.conv, op="conv")

        def test_bad(conv_check):
            def no_bias(input, weight, bias=None, **kw):
                return reference.conv(input, weight, None, **kw)
            conv_check(no_bias, op="conv", shrink_seconds=0.5)
    """)
    loaded = pytestconfig.pluginmanager.get_plugin("convproof") is not None
    args = [] if loaded else ["-p", "convproof.testing.pytest_plugin"]
    result = pytester.runpytest(*args, "--conv-check-examples=10", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*no_bias returned a wrong value*"])
