"""Built-in statements; importing this package registers them all."""

from . import backprop, forward, pooling, same, shapes, structure, transposed  # noqa: F401
