"""NumPy numeric engine: convolution, its transpose and gradients, im2col/col2im, conv matrix, pooling.

``convproof.numeric`` exports the fast path (:mod:`convproof.numeric.fast`, im2col + one GEMM
per group); :mod:`convproof.numeric.reference` has the same names as direct loops, an
independent oracle. Names, argument order and layouts follow ``torch.nn.functional`` /
``torch.nn.grad``: input ``(N, C, *spatial)``, weight ``(C_out, C_in/groups, *k)``; the
number of spatial dims is ``weight.ndim - 2`` (``input.ndim - 2`` for pooling).

Threads: the fast path uses at most the cores this process may use and never more threads than
BLAS is allowed (``OPENBLAS_NUM_THREADS=1`` or ``threadpoolctl.threadpool_limits(1)`` keep it on one
core). With threadpoolctl installed, a large float32/float64 call is split into parts that run at
once, each with BLAS on one thread; while such a call runs, BLAS calls from the process's other
threads also get one thread, and the setting is restored when it returns. When the parts take every
CPU the process may use, each part's thread is pinned to its own CPU for the call (the calling
thread's CPU mask is restored afterwards); with fewer parts nothing is pinned. A split weight
gradient adds its partial sums in a fixed order, so a float result does not change from run to run.
Integer results whose worst case is at most ``2**53`` are computed by float64 BLAS, where every partial
sum is an integer held exactly, and cast back (so they may take the split parts too); Fraction arrays are
scaled to integers by their common denominators, computed so, and divided back; larger integers and SymPy
keep their exact routes, unsplit. Every integer and Fraction result is exact whatever the threads.

>>> from convproof import numeric
>>> numeric.conv([[[1, 2, 3, 4]]], [[[1, 1]]], stride=2)
array([[[3, 7]]])
"""

from .fast import (avg_pool, avg_pool_backward, col2im, conv, conv_grad_bias, conv_grad_input, conv_grad_weight,
                   conv_matrix, conv_transpose, im2col, max_pool, max_pool_backward)

__all__ = ["conv", "conv_transpose", "conv_grad_input", "conv_grad_weight", "conv_grad_bias", "im2col",
           "col2im", "conv_matrix", "max_pool", "max_pool_backward", "avg_pool", "avg_pool_backward"]
