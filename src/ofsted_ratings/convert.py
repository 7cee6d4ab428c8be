"""Alias of :mod:`ofsted_ratings.io.convert`, kept so that existing imports keep working."""

from .io.convert import *  # noqa: F403
from .io.convert import __all__ as __all__
from .io.convert import __getattr__ as __getattr__
