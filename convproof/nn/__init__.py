"""Beyond the convolution layer: dense layers, activations, losses, computational graphs, optimizers,
deformable and locally connected layers, L2 pooling, receptive fields, graph convolution.

A layer library only (below :mod:`convproof.verify`): the lecture documents' worked examples, the
statements about these layers and the ``fundamentals`` report content are in :mod:`convproof.seeds`.
"""

from .activations import ACTIVATIONS, activation, softmax, softmax_jacobian
from .deformable import deform_conv, deform_conv_backward
from .dense import dense_backward, dense_forward
from .graph import Graph
from .locally_connected import locally_connected
from .optim import classify_step, gradient_descent, run_optimizer
from .pooling import l2_pool, l2_pool_backward
from .receptive import receptive_field_expr

__all__ = ["ACTIVATIONS", "activation", "softmax", "softmax_jacobian", "deform_conv",
           "deform_conv_backward", "dense_forward", "dense_backward", "Graph", "locally_connected", "classify_step",
           "gradient_descent", "run_optimizer", "l2_pool", "l2_pool_backward", "receptive_field_expr"]
