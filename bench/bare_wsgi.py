"""Reference for the benchmarks: the smallest WSGI app gunicorn can run, answering the same HTML.

It shows what gunicorn's sync workers cost by themselves (one connection per request, no keep-alive).
Run by gunicorn as `bare_wsgi:application` with BENCH_HTML naming the file to answer.
"""

import os
from pathlib import Path

HTML = Path(os.environ["BENCH_HTML"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(HTML)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [HTML]
