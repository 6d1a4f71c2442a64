"""core/cache.py: the file cache writes with zlib's fastest level and reads what it wrote (and what Django wrote)."""

import pickle
import zlib
from pathlib import Path

from django.core.cache.backends import filebased

from tabadul.core.cache import FileBasedCache


def test_entries_round_trip_compressed_at_the_fastest_level(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    page = ("<p>صفحة</p>" * 3000).encode()
    cache.set("page", page, 60)
    assert cache.get("page") == page
    [written] = Path(tmp_path).glob("*.djcache")
    with written.open("rb") as file:
        pickle.load(file)  # the expiry
        compressed = file.read()
    assert compressed == zlib.compress(pickle.dumps(page, pickle.HIGHEST_PROTOCOL), 1)


def test_it_reads_entries_written_by_djangos_own_file_cache(tmp_path):
    filebased.FileBasedCache(str(tmp_path), {}).set("page", b"<p>old</p>", 60)
    assert FileBasedCache(str(tmp_path), {}).get("page") == b"<p>old</p>"
