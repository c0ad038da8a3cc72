"""Built-in statements; importing this package registers them all."""

from . import shapes  # noqa: F401
