"""Property tests of the elections: tally == ballots cast, no body votes twice, a ballot is not linkable."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabadul.hubs import services
from tabadul.hubs.models import Ballot, BallotReceipt, Election, Mandate

from .conftest import make_coordinator, make_hub, make_member

pytestmark = pytest.mark.django_db
_counter = itertools.count()


def _open_election(n_bodies: int, n_candidates: int):
    hub = make_hub(f"prop-{next(_counter)}")
    coordinator = make_coordinator(hub)
    voters = [make_member(hub) for _ in range(n_bodies)]
    now = timezone.now()
    election = services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.COORDINATOR,
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        term_starts_on=now.date(),
        term_ends_on=now.date() + datetime.timedelta(days=365),
    )
    candidates = [
        services.candidate_nominate(actor=voters[i], election=election, user=voters[i]) for i in range(n_candidates)
    ]
    Election.objects.filter(pk=election.pk).update(starts_at=now - datetime.timedelta(minutes=1))
    election.refresh_from_db()
    return coordinator, election, voters, candidates


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    n_bodies=st.integers(min_value=2, max_value=5),
    n_candidates=st.integers(min_value=1, max_value=2),
)
def test_tally_equals_ballots_cast_and_nobody_votes_twice(db, data, n_bodies, n_candidates):
    coordinator, election, voters, candidates = _open_election(n_bodies, n_candidates)
    attempts = data.draw(
        st.lists(
            st.tuples(st.integers(0, n_bodies - 1), st.integers(0, n_candidates - 1)), min_size=0, max_size=3 * n_bodies
        )
    )
    expected: dict[int, int] = {}
    voted: set[int] = set()
    for voter_index, candidate_index in attempts:
        voter, candidate = voters[voter_index], candidates[candidate_index]
        if voter_index in voted:
            with pytest.raises(ValidationError):
                services.ballot_cast(actor=voter, election=election, candidate=candidate)
        else:
            services.ballot_cast(actor=voter, election=election, candidate=candidate)
            voted.add(voter_index)
            expected[candidate.pk] = expected.get(candidate.pk, 0) + 1

    # Nobody votes twice: one receipt per body, as many ballots as receipts.
    assert BallotReceipt.objects.filter(election=election).count() == len(voted)
    assert Ballot.objects.filter(election=election).count() == len(voted)
    assert (
        BallotReceipt.objects.filter(election=election)
        .values("body")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .count()
        == 0
    )
    # The tally equals the ballots cast.
    Election.objects.filter(pk=election.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    election.refresh_from_db()
    tally = services.election_tally(election)
    assert sum(votes for _candidate, votes in tally) == len(voted)
    assert {candidate.pk: votes for candidate, votes in tally if votes} == expected
    closed = services.election_close(actor=coordinator, election=election)
    if voted:
        top = max(expected.values())
        assert expected[closed.winner_id] == top
    else:
        assert closed.winner is None


def _fields(model) -> dict[str, models.Field]:
    return {field.name: field for field in model._meta.concrete_fields}


def test_a_ballot_cannot_be_linked_to_its_voter():
    ballot, receipt = _fields(Ballot), _fields(BallotReceipt)
    # What they share is only the election: no voter on the ballot, no choice on the receipt.
    assert set(ballot) == {"id", "election", "choice"}
    assert set(receipt) == {"id", "election", "body"}
    # No time and no sequential key to line a ballot up with a receipt.
    for fields in (ballot, receipt):
        assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields.values())
        assert isinstance(fields["id"], models.UUIDField)
    assert not Ballot._meta.ordering and not BallotReceipt._meta.ordering


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)))
def test_ballot_keys_do_not_follow_the_voting_order(db, order):
    _coordinator, election, voters, candidates = _open_election(4, 2)
    for index in order:
        services.ballot_cast(actor=voters[index], election=election, candidate=candidates[index % 2])
    ballot_keys = list(Ballot.objects.filter(election=election).values_list("pk", flat=True))
    receipt_keys = list(BallotReceipt.objects.filter(election=election).values_list("pk", flat=True))
    # Random UUIDs: sorting by key reveals nothing, and no key is shared between the two tables.
    assert not set(ballot_keys) & set(receipt_keys)
    assert all(key.version == 4 for key in ballot_keys + receipt_keys)
