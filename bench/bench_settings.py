"""Production settings for the benchmarks, plus one fix that tabadul/settings/base.py still lacks.

The project's own static files (tabadul/static/: css/tabadul.css, ...) are in no app, and STATICFILES_DIRS
does not name them, so `collectstatic` leaves them out and, with the manifest storage of production, every
page fails with "Missing staticfiles manifest entry for 'css/tabadul.css'". Once base.py sets
STATICFILES_DIRS = [BASE_DIR / "tabadul" / "static"], this module changes nothing.
"""

import os
from pathlib import Path

from tabadul.settings.production import *  # noqa: F403
from tabadul.settings.production import BASE_DIR

STATICFILES_DIRS = list(globals().get("STATICFILES_DIRS", []))
if not any(str(path) == str(BASE_DIR / "tabadul" / "static") for path in STATICFILES_DIRS):
    STATICFILES_DIRS.append(BASE_DIR / "tabadul" / "static")

# The benchmarks keep their collected static files between runs (bench/meter.py).
if os.environ.get("TABADUL_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["TABADUL_STATIC_ROOT"])
