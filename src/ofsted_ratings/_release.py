"""The data release: the publication date of the newest source in the bundled data.

Written by :mod:`ofsted_ratings.build`; do not edit by hand.
"""

from datetime import date

DATA_RELEASE = date(2026, 8, 20)
