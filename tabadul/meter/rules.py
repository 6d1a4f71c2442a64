"""Who may do what in the Meter (the table is in docs/meter.md)."""

import rules

from tabadul.accounts.rules import is_body_approver, is_body_editor, is_platform_admin


@rules.predicate
def is_published_plan(user, plan) -> bool:
    return plan is not None and getattr(plan, "status", None) == "published"


is_body_staff = is_body_editor | is_body_approver

rules.add_perm("meter.view_plan", is_published_plan | is_body_staff | is_platform_admin)
rules.add_perm("meter.change_plan", is_body_editor | is_platform_admin)
rules.add_perm("meter.publish_plan", is_body_approver | is_platform_admin)
rules.add_perm("meter.submit_progress", is_body_staff | is_platform_admin)
rules.add_perm("meter.publish_progress", is_body_approver | is_platform_admin)
rules.add_perm("meter.moderate_feedback", is_body_staff | is_platform_admin)
rules.add_perm("meter.manage_posts", is_body_staff | is_platform_admin)
rules.add_perm("meter.manage_reports", is_body_staff | is_platform_admin)
rules.add_perm("meter.manage_body", is_body_staff | is_platform_admin)
