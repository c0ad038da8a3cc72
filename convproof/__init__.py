"""convproof: exact symbolic and numeric verification of convolution layers."""

from .errors import ConvProofError
from .geometry import ConvSpec

__version__ = "0.1.0"
__all__ = ["ConvSpec", "ConvProofError", "__version__"]
