"""Heavy libraries imported on first use, so start-up and the pages that never need them do without.

`np = lazy.module("numpy")` stands for `import numpy as np` (numpy alone is about a second of a
warm start). The first attribute read imports the module (the import lock makes that safe across
threads) and keeps the attribute on the stand-in, so later reads are plain attribute lookups.
Annotations that name the module need `from __future__ import annotations`.
"""
from __future__ import annotations

import importlib
from types import ModuleType


class _Lazy:
    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attribute: str):
        value = getattr(importlib.import_module(self._name), attribute)
        object.__setattr__(self, attribute, value)
        return value


def module(name: str) -> ModuleType:
    """A stand-in for the module `name` that imports it when first used."""
    return _Lazy(name)  # type: ignore[return-value]
