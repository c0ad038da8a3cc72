"""Spec and shape arithmetic: plain ints, no arrays (SymPy only in ``formulas``)."""

from .params import (conv_params, depthwise_params, depthwise_separable_params, fully_connected_params,
                     locally_connected_params, pointwise_params, spatially_separable_params)
from .same import SAME_CONVENTIONS, same_padding
from .sizes import (conv_output_size, conv_transpose_output_size, kernel_span, receptive_field,
                    transposed_preimage_range, transposed_preimages)
from .spec import PADDING_MODES, ConvSpec, resolve_padding

__all__ = [
    "ConvSpec", "PADDING_MODES", "SAME_CONVENTIONS", "resolve_padding", "same_padding", "kernel_span",
    "conv_output_size", "conv_transpose_output_size", "transposed_preimages", "transposed_preimage_range",
    "receptive_field",
    "conv_params", "depthwise_params", "depthwise_separable_params", "spatially_separable_params",
    "pointwise_params", "locally_connected_params", "fully_connected_params",
]
