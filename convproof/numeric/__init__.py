"""NumPy numeric engine: convolution, its transpose and gradients, im2col/col2im, conv matrix, pooling.

``convproof.numeric`` exports the fast path (:mod:`convproof.numeric.fast`, im2col + one GEMM
per group); :mod:`convproof.numeric.reference` has the same names as direct loops, an
independent oracle. Names, argument order and layouts follow ``torch.nn.functional`` /
``torch.nn.grad``: input ``(N, C, *spatial)``, weight ``(C_out, C_in/groups, *k)``; the
number of spatial dims is ``weight.ndim - 2`` (``input.ndim - 2`` for pooling).

>>> from convproof import numeric
>>> numeric.conv([[[1, 2, 3, 4]]], [[[1, 1]]], stride=2)
array([[[3, 7]]])
"""

from .fast import (avg_pool, avg_pool_backward, col2im, conv, conv_grad_bias, conv_grad_input, conv_grad_weight,
                   conv_matrix, conv_transpose, im2col, max_pool, max_pool_backward)

__all__ = ["conv", "conv_transpose", "conv_grad_input", "conv_grad_weight", "conv_grad_bias", "im2col",
           "col2im", "conv_matrix", "max_pool", "max_pool_backward", "avg_pool", "avg_pool_backward"]
