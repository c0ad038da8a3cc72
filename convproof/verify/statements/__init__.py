"""Built-in statements; importing this package registers them all."""

from . import backprop, forward, params, pooling, same, shapes, structure, theorems, transposed  # noqa: F401
