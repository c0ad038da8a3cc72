"""Built-in statements; importing this package registers them all."""

from . import forward, shapes, transposed  # noqa: F401
