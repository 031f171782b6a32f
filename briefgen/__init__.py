"""briefgen: turn structured summaries of source documents and an indicator table
into a policy brief (PDF and HTML).

The library API. Importing it loads nothing heavy (WeasyPrint, matplotlib):
those load only when a brief is rendered.
"""

from briefgen.build import BuildResult, build
from briefgen.errors import BriefgenError, ContentError, Loc, OptionError, Problem
from briefgen.project import CheckReport, check_project, load_project
from briefgen.scaffold import init_project

__version__ = "0.1.0"

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
