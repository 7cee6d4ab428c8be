"""Alias of :mod:`ofsted_ratings.completeness`, kept so that existing imports keep working."""

from .completeness import *  # noqa: F403
from .completeness import __all__ as __all__
