"""Alias of :mod:`ofsted_ratings.exports.charts`, kept so that existing imports keep working."""

from .exports.charts import *  # noqa: F403
from .exports.charts import __all__ as __all__
