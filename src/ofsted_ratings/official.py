"""Alias of :mod:`ofsted_ratings.sources.official`, kept so that existing imports keep working."""

from .sources.official import *  # noqa: F403
from .sources.official import __all__ as __all__
