"""A network's page reads a page of its groups in the order of an index (network, Arabic name, id), so that the
counts of milestones and members are taken for the page's groups only: at 10,000 bodies (issue 22) one network
holds 911 groups, and sorting them all first took 2 ms of SQL, the index 0.3 ms. SQLite only: what its planner
picks without statistics, as the bench's and a fresh site's database are."""

import pytest
from django.db import connection

from tabadul.twinning import selectors
from tabadul.twinning.models import Network

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan"),
]


def test_a_page_of_a_networks_groups_is_read_in_the_indexs_order():
    network = Network.objects.create(slug="index-network", name_ar="شبكة", facilitating_organisation="CMI")
    plan = selectors.network_overview(network=network)[:20].explain()
    assert "twinning_group_network_name" in plan and "TEMP B-TREE" not in plan, plan
