"""Beyond the convolution layer: dense layers, activations, losses, computational graphs, optimizers,
deformable and locally connected layers, L2 pooling, receptive fields, graph convolution, and the
worked examples of seeds 002-004 recomputed exactly.

Registered statements live in :mod:`convproof.nn.statements` (imported by ``convproof verify``);
``python -m convproof.nn.seed002`` writes ``reports/errata/seed002.md``;
:mod:`convproof.nn.report_content` supplies the ``fundamentals`` report.
"""

from .activations import ACTIVATIONS, activation, softmax, softmax_jacobian
from .decimals import classify_decimal
from .deformable import deform_conv, deform_conv_backward
from .dense import dense_backward, dense_forward
from .graph import Graph
from .locally_connected import locally_connected
from .optim import classify_step, gradient_descent, run_optimizer
from .pooling import l2_pool, l2_pool_backward
from .receptive import receptive_field_expr

__all__ = ["ACTIVATIONS", "activation", "softmax", "softmax_jacobian", "classify_decimal", "deform_conv",
           "deform_conv_backward", "dense_forward", "dense_backward", "Graph", "locally_connected", "classify_step",
           "gradient_descent", "run_optimizer", "l2_pool", "l2_pool_backward", "receptive_field_expr"]
