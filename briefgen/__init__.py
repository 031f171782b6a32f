"""briefgen: turn structured summaries of source documents and an indicator table
into a policy brief (PDF and HTML).

The library API. Importing the package loads nothing: each name below is imported
the first time it is used, so `briefgen --help` pays only for Click, and
WeasyPrint and matplotlib load only when a brief is rendered.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the module that defines it
_API = {
    "BriefgenError": "briefgen.errors",
    "BuildResult": "briefgen.build",
    "CheckReport": "briefgen.project",
    "ContentError": "briefgen.errors",
    "Loc": "briefgen.errors",
    "OptionError": "briefgen.errors",
    "Problem": "briefgen.errors",
    "build": "briefgen.build",
    "check_project": "briefgen.project",
    "init_project": "briefgen.scaffold",
    "load_project": "briefgen.project",
}

__all__ = [
    "BriefgenError",
    "BuildResult",
    "CheckReport",
    "ContentError",
    "Loc",
    "OptionError",
    "Problem",
    "build",
    "check_project",
    "init_project",
    "load_project",
    "__version__",
]

if TYPE_CHECKING:
    from briefgen.build import BuildResult, build
    from briefgen.errors import BriefgenError, ContentError, Loc, OptionError, Problem
    from briefgen.project import CheckReport, check_project, load_project
    from briefgen.scaffold import init_project


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """Importing the submodule briefgen.build sets the package's attribute `build` to
    that module; the API's `briefgen.build` is the function of the same name, so it
    is put back here, whichever is imported first."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _API.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
