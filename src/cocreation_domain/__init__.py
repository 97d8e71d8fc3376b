"""Co-creation initiatives between public organisations, every step an immutable event.

Start with :class:`CoCreation`, the application; the domain model lives in
:mod:`cocreation_domain.model`.
"""

from cocreation_domain.application import CoCreation, sqlite_env
from cocreation_domain.model import *  # noqa: F403  (the model's __all__ is the public API)
from cocreation_domain.model import __all__ as _model_all

__all__ = ["CoCreation", "sqlite_env", *_model_all]
