"""Symbolic engine: exact convolution matrices, transposed convolution and backprop in lecture notation.

Everything is built from one integer index map (:mod:`.indexmap`) of which (output, input, kernel)
triples meet; SymPy objects are produced from it on demand, and every construction is proven equal
to independently written routes (:mod:`.proofs`) by comparing exact structures, never ``simplify``.

Returned types (stable API)
---------------------------
* Symbol arrays -- ``input_symbols(spec)`` ``(C_in, *input_size)``, ``kernel_symbols(spec)``
  ``(C_out, C_in/groups, *k)``, ``bias_symbols(spec)`` ``(C_out,)``, ``output_symbols(spec)`` and
  ``grad_output_symbols(spec)`` ``(C_out, *output_size)``: ``numpy.ndarray`` of dtype object holding
  plain ``sympy.Symbol`` (no assumptions) whose names are lecture LaTeX (``y_{11}``, ``f^{12}_{11}``,
  ``b^{1}``, ``y_{1}^{(l)}``). ``batch=n`` prepends a batch axis. :class:`Notation` picks letters,
  0/1-based indices, separators and the layer label. :func:`as_sympy` turns any of these arrays
  into a SymPy ``Matrix`` / ``Array`` that displays itself in Jupyter.
* Tensor results -- :func:`conv`, :func:`conv_transpose`, :func:`col2im`, :func:`grad_input`,
  :func:`grad_weight`, :func:`grad_bias`, :func:`padded_input`: ``numpy.ndarray`` of dtype object
  (SymPy expressions or exact numbers) in the numeric engine's layout without the batch axis, so
  ``conv(spec, y=ints, weight=ints)`` compares with ``==`` against ``convproof.numeric.conv(x[None], w)[0]``.
* Matrices -- :func:`toeplitz` and :func:`transposed_matrix` return ``sympy.SparseMatrix``
  (mutable: SymPy's immutable sparse type is 20x slower to build); :func:`im2col`,
  :func:`im2col_batch`, :func:`weight_matrix`, :func:`filter_matrix`, :func:`fill_offset` return
  dense ``sympy.Matrix``.
* :func:`index_map` returns an :class:`IndexMap` (NumPy int64 arrays ``out``, ``padded``, ``inp``,
  ``ker``; ``inp == -1`` marks zero/constant fill positions).
* Gradients -- :func:`gradients` returns :class:`Gradients` ``(input, weight, bias)`` of object arrays.
* Proofs -- ``prove_*`` functions return :class:`ProofResult` (``name``, ``holds``, ``routes``,
  ``spec``, ``details``, ``first_difference``); they never print.

Size budgets: a request over a budget raises :class:`~convproof.errors.ConvProofError` naming the
size instead of allocating (index maps ``DEFAULT_BUDGET`` triples, SymPy matrices and padded inputs
``MATRIX_BUDGET`` entries, SymPy expression results ``EXPRESSION_BUDGET`` products, symbolic proofs
``proofs.SYMBOLIC_BUDGET``, symbol arrays ``symbols.SYMBOL_BUDGET``); every builder takes ``budget=``
to raise it. Values you pass (``y=``, ``weight=``, ``bias=``, ...) must be numbers or SymPy objects:
strings are refused, never parsed (:mod:`convproof.values`).

Conventions: ``vec`` is channel-outermost and row-major inside a channel (``order="F"`` for
column-major); the transposed convolution follows PyTorch (zero padding, ``output_padding``);
constant padding with value ``c`` is affine: ``vec(z) = T vec(y) + c*t + b`` (:func:`fill_offset`).

>>> from convproof import ConvSpec
>>> toeplitz(ConvSpec(input_size=5, kernel_size=3))
Matrix([
[f_{1}, f_{2}, f_{3},     0,     0],
[    0, f_{1}, f_{2}, f_{3},     0],
[    0,     0, f_{1}, f_{2}, f_{3}]])
"""

from .backprop import Gradients, grad_bias, grad_input, grad_weight, gradients, loss
from .facade import Conv
from .forward import FORWARD_METHODS, conv, conv_direct, conv_im2col, conv_toeplitz
from .indexmap import DEFAULT_BUDGET, EXPRESSION_BUDGET, MATRIX_BUDGET, IndexMap, index_map
from .matrices import (col2im, fill_offset, filter_matrix, im2col, im2col_batch, padded_input, toeplitz,
                       weight_matrix)
from .identities import (prove_avg_pool_is_conv, prove_depthwise_separable, prove_dilated_is_zero_inserted,
                         prove_grouped_is_block_diagonal, prove_max_pool_gradient_routes_to_argmax,
                         prove_pointwise_is_matmul, prove_rank1_is_two_1d)
from .proofs import (ProofResult, prove_all, prove_backprop, prove_forward, prove_size_formulas,
                     prove_transposed, prove_weight_sharing)
from .symbols import (Notation, as_sympy, bias_symbols, grad_output_symbols, input_symbols, kernel_symbols,
                      output_symbols)
from .transpose import TRANSPOSE_METHODS, conv_transpose, overlap_count, transposed_matrix

__all__ = [
    "Notation", "as_sympy", "input_symbols", "kernel_symbols", "bias_symbols", "output_symbols", "grad_output_symbols",
    "IndexMap", "index_map", "DEFAULT_BUDGET", "MATRIX_BUDGET", "EXPRESSION_BUDGET",
    "toeplitz", "fill_offset", "padded_input", "im2col", "im2col_batch", "weight_matrix", "filter_matrix",
    "col2im", "conv", "conv_direct", "conv_toeplitz", "conv_im2col", "FORWARD_METHODS",
    "conv_transpose", "transposed_matrix", "overlap_count", "TRANSPOSE_METHODS",
    "Gradients", "gradients", "loss", "grad_input", "grad_weight", "grad_bias",
    "Conv", "prove_dilated_is_zero_inserted", "prove_grouped_is_block_diagonal", "prove_depthwise_separable",
    "prove_rank1_is_two_1d", "prove_pointwise_is_matmul", "prove_avg_pool_is_conv",
    "prove_max_pool_gradient_routes_to_argmax",
    "ProofResult", "prove_forward", "prove_transposed", "prove_backprop", "prove_weight_sharing", "prove_all",
    "prove_size_formulas",
]
