"""Built-in statements; importing this package registers them all."""

from . import backprop, forward, shapes, structure, transposed  # noqa: F401
