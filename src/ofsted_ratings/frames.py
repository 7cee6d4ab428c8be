"""Alias of :mod:`ofsted_ratings.exports.frames`, kept so that existing imports keep working."""

from .exports.frames import *  # noqa: F403
from .exports.frames import __all__ as __all__
