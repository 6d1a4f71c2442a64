"""Production settings for the benchmarks, with the collected static files kept between runs.

`collectstatic` takes minutes on a busy machine, so bench/meter.py keeps its result under var/bench/keep/
and names it in TABADUL_STATIC_ROOT.
"""

import os
from pathlib import Path

from tabadul.settings.production import *  # noqa: F403

if os.environ.get("TABADUL_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["TABADUL_STATIC_ROOT"])

# bench/load.py loads the demo content (`load_demo --no-accounts`); production itself has no demo app. The app has
# no models, URLs or middleware, so the pages measured are the production ones.
INSTALLED_APPS = [*INSTALLED_APPS, "tabadul.demo"]  # noqa: F405
