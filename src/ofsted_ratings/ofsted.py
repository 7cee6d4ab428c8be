"""Alias of :mod:`ofsted_ratings.sources.ofsted`, kept so that existing imports keep working."""

from .sources.ofsted import *  # noqa: F403
from .sources.ofsted import __all__ as __all__
