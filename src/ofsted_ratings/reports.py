"""Alias of :mod:`ofsted_ratings.sources.reports`, kept so that existing imports keep working."""

from .sources.reports import *  # noqa: F403
from .sources.reports import __all__ as __all__
