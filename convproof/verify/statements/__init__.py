"""Built-in statements; importing this package registers them all."""

from . import backprop, forward, shapes, transposed  # noqa: F401
