from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tabadul.core.models import AuditEvent

from .. import services

pytestmark = pytest.mark.django_db


def test_saving_the_same_values_again_is_no_change_and_no_audit_event(world):
    goal = world.goals[0]
    before = AuditEvent.objects.count()
    services.goal_save(actor=world.editor, plan=world.plan, goal=goal, weight=2, name_ar=goal.name_ar)
    services.goal_save(actor=world.editor, plan=world.plan, goal=goal, weight=Decimal("2.0"))
    when = datetime(2025, 1, 5, 10, tzinfo=ZoneInfo("Asia/Hebron"))
    post = services.post_save(actor=world.editor, body=world.body, kind="news", title="خبر", published_at=when)
    after_post = AuditEvent.objects.count()
    services.post_save(actor=world.editor, body=world.body, post=post, kind="news", title="خبر", published_at=when)
    assert AuditEvent.objects.count() == after_post == before + 1
    post.refresh_from_db()
    assert post.published_at == when.astimezone(UTC)
    services.goal_save(actor=world.editor, plan=world.plan, goal=goal, weight=Decimal("2.5"))
    assert AuditEvent.objects.latest("pk").changes == {"weight": ["2.00", "2.50"]}
    services.post_save(
        actor=world.editor, body=world.body, post=post, kind="news", title="خبر", published_at=when + timedelta(hours=1)
    )
    assert AuditEvent.objects.latest("pk").action == "meter.post.update"
