"""Names a services package exports but loads only when first used (PEP 562 module ``__getattr__``).

The packages' documents, ticket slip and sound need reportlab and numpy, which the sign-in window must not
wait for (tests/ui/test_startup_imports.py). A package lists those modules; asking the package for one of
its names imports them then and keeps the name, so it is looked up once."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Sequence

_MISSING = object()


def on_first_use(package: str, names: Collection[str], modules: Sequence[str]) -> Callable[[str], object]:
    """The ``__getattr__`` for ``package``: a name of ``names`` not yet loaded is looked for in ``modules``
    (submodules of the package, in order)."""

    def __getattr__(name: str) -> object:
        if name in names:
            for module in modules:
                value = getattr(importlib.import_module(f"{package}.{module}"), name, _MISSING)
                if value is not _MISSING:
                    setattr(sys.modules[package], name, value)
                    return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
