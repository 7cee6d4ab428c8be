"""Alias of :mod:`ofsted_ratings.sources.official`, kept so that existing imports keep working.

``match_inspection`` now lives in :mod:`ofsted_ratings.merge`, and is re-exported here.
"""

from .merge import match_inspection
from .sources.official import *  # noqa: F403
from .sources.official import __all__ as _moved

__all__ = [*_moved, "match_inspection"]
