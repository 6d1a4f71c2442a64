"""Production settings for the benchmarks, with the collected static files kept between runs.

`collectstatic` takes minutes on a busy machine, so bench/meter.py keeps its result under var/bench/keep/
and names it in TABADUL_STATIC_ROOT.
"""

import os
from pathlib import Path

from tabadul.settings.production import *  # noqa: F403

if os.environ.get("TABADUL_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["TABADUL_STATIC_ROOT"])
