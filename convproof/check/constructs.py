"""Every construct that fills an extension point of :mod:`.hooks`, imported in one place.

The package (``convproof/check/__init__.py``) imports this module first, so every slot is filled
whatever module of the checker is imported (importing a submodule runs the package first).  A new
construct that registers into a slot is added here.
"""

from . import branchwise, derivlink, diffop, elided, notation, slashpartial, vecgrad  # noqa: F401

__all__: list[str] = []
