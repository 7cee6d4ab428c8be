"""Alias of :mod:`ofsted_ratings.io.userdata`, kept so that existing imports keep working."""

from .io.userdata import *  # noqa: F403
from .io.userdata import __all__ as __all__
