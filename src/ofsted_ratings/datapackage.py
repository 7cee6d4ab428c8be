"""Alias of :mod:`ofsted_ratings.io.package`, kept so that existing imports keep working."""

from .io.package import *  # noqa: F403
from .io.package import __all__ as __all__
