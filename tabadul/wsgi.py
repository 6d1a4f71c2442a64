import gc
import itertools
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tabadul.settings.production")
application = get_wsgi_application()

# What start-up made (modules, URL patterns, settings) lives as long as the worker: frozen out of the collector's
# reach, a full collection no longer walks it, so a request that triggers one pauses for its own garbage only (a
# pass over a worker's whole heap took 100 ms and more inside one request at regional scale; issue 22).
gc.freeze()

# What the first requests keep for the worker's life (compiled templates and queries, translation catalogues,
# caches of formats) is frozen the same way after the 10th, 100th and 1,000th request: a full collection walked it
# again and again (50 ms inside one request of bench-pages' crawl). Done when a response has been sent
# (request_finished), so it delays no one's page.
_served = itertools.count(1)
FREEZE_AFTER = {10, 100, 1000}


def _freeze_what_warm_up_kept(**kwargs) -> None:
    if next(_served) in FREEZE_AFTER:
        gc.collect()
        gc.freeze()


request_finished.connect(_freeze_what_warm_up_kept, dispatch_uid="freeze-what-warm-up-kept")
