import pytest

from .matrix import world_snapshot


@pytest.fixture(scope="session")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix world (matrix.py) and a snapshot of the database holding it, built once per test process: the
    modules that use it (`world_fixture`) put the snapshot back instead of building it again."""
    with django_db_blocker.unblock():
        return world_snapshot(tmp_path_factory)
