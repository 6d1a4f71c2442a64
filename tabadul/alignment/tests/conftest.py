import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from tabadul.alignment import registry
from tabadul.alignment.models import AlignedModel
from tabadul.core import hooks


class TaggedThing(AlignedModel):
    """A test-only aligned model (its table is created for the test session only)."""

    # Outside the "tabadul." namespace so that whole-database snapshots (core/tests/test_demo.py) skip it
    # even when this conftest is imported in a run where its table was never created.
    __module__ = "alignment_test_models"

    title = models.CharField(max_length=100)

    class Meta:
        app_label = "alignment"
        verbose_name_plural = "tagged things"

    def __str__(self) -> str:
        return self.title


@pytest.fixture(scope="session")
def _tagged_thing_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(TaggedThing)
        ContentType.objects.clear_cache()
        ContentType.objects.get_for_model(TaggedThing)  # outside the tests' rolled-back transactions
        yield
        # A fresh connection: the one of this thread may have died with the server (core/tests/test_faults.py).
        connection.close()
        with connection.schema_editor() as editor:
            editor.delete_model(TaggedThing)


@pytest.fixture
def tagged_thing_model(_tagged_thing_table, db):
    with hooks.register_temporarily("alignment.aligned_models", registry.AlignedKind(TaggedThing)):
        yield TaggedThing
