import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tabadul.settings.production")
application = get_wsgi_application()

# What start-up made (modules, URL patterns, settings) lives as long as the worker: frozen out of the collector's
# reach, a full collection no longer walks it, so a request that triggers one pauses for its own garbage only (a
# pass over a worker's whole heap took 100 ms and more inside one request at regional scale; issue 22).
gc.freeze()
