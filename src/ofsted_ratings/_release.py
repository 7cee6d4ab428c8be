"""The data release: the publication date of the newest source in the bundled data.

Written by tools/build_data.py; do not edit by hand.
"""

from datetime import date

DATA_RELEASE = date(2026, 8, 20)
