# ruff: noqa: E501 -- one table row per endpoint reads better on one line
"""Role × endpoint permission matrix, generated from the URL configuration.

Every endpoint whose view accepts POST is tried by every role; `MATRIX` declares the expected outcome of each cell.
A writing endpoint missing from MATRIX fails the suite. A refused write must change no row of any table.
"""

import os

import pytest
from django.test import Client
from django.urls import reverse

from .matrix import (
    ROLES,
    changes_made_by,
    outcome,
    world_fixture,
    writing_endpoints,
)

world = pytest.fixture(scope="module", name="world")(world_fixture)


def E(kwargs: str, outcomes: str, data: dict | None = None, officer: str = "") -> dict:
    """One row: URL kwargs ("pk=event.pk" read from the world), outcomes per role, optional POST data."""
    cells = outcomes.split()
    if len(cells) == len(ROLES) - 1:  # the programme officer's cell: as the citizen's unless `officer` says
        cells.append(officer or cells[1])
    return {"kwargs": kwargs, "outcomes": dict(zip(ROLES, cells, strict=True)), "data": data or {}}


# Outcomes, in the order of ROLES: anonymous, citizen, editor of another body (Salfit; the objects are Beita's),
# coordinator of another hub (finance; the hub objects are the innovation hub's), specialist, platform administrator.
#   login      redirected to sign in, nothing written
#   401/403    refused, nothing written (401: the API without a token of a body; the Salfit token gives 403)
#   404        the object is hidden or absent for this person, nothing written
#   noop       not refused, but an empty POST writes nothing (a page, a form with errors, or a redirect with a message)
#   ok         not refused and the empty POST wrote (an action endpoint: join, follow, revoke, decide, ...)
# Every cell POSTs with the entry's data (empty unless given) inside a savepoint that is rolled back afterwards.
MATRIX = {
    "channel:list": E("", "noop noop noop noop noop noop"),
    "channel:item_create": E("", "login 403 403 noop 403 noop", officer="noop"),
    "channel:item_edit": E("pk=999999", "login 404 404 404 404 404"),
    "channel:feed_atom": E("", "noop noop noop noop noop noop"),
    "accounts:activate": E("uidb64='x' token='x'", "noop noop noop noop noop noop"),
    "accounts:invitation": E("token='x'", "404 404 404 404 404 404"),
    "accounts:join_body": E("", "login noop noop noop noop noop"),
    "accounts:join_request_withdraw": E("pk=999999", "login 404 404 404 404 404"),
    "accounts:login": E("", "noop noop noop noop noop noop"),
    "accounts:logout": E("", "noop noop noop noop noop noop"),
    "accounts:password_reset": E("", "noop noop noop noop noop noop"),
    "accounts:password_reset_confirm": E("uidb64='x' token='x'", "noop noop noop noop noop noop"),
    "accounts:profile": E("", "login noop noop noop noop noop"),
    "accounts:signup": E("", "noop noop noop noop noop noop"),
    "alignment:goal_detail": E("number=1", "404 404 404 404 404 404"),
    "alignment:goal_list": E("", "noop noop noop noop noop noop"),
    "alignment:kpi_detail": E("code=kpi.code", "404 404 404 404 404 404"),
    "alignment:target_detail": E("code='1.1'", "404 404 404 404 404 404"),
    "api-v1:project_progress_push": E(
        "project_id=project.pk", "401 401 403 401 401 401", {"percent": 50, "date": "2024-06-01"}
    ),
    "api:token_list": E("", "login 403 403 403 403 noop"),
    "api:token_revoke": E("pk=token.pk", "login 404 404 404 404 ok"),
    "core:home": E("", "noop noop noop noop noop noop"),
    "directory:body_detail": E("slug=beita.slug", "noop noop noop noop noop noop"),
    "directory:body_edit": E("slug=beita.slug", "login 403 403 403 403 noop"),
    "directory:body_list": E("", "noop noop noop noop noop noop"),
    # Public pages without a method restriction (like a body's), so a POST must write nothing.
    "directory:organisation_detail": E("slug=organisation.slug", "noop noop noop noop noop noop"),
    "directory:organisation_list": E("", "noop noop noop noop noop noop"),
    "discussions:forum_detail": E("slug=forum.slug", "noop noop noop noop noop noop"),
    "discussions:forum_list": E("", "noop noop noop noop noop noop"),
    "discussions:moderation_queue": E("", "login 403 403 noop 403 noop", officer="noop"),
    "discussions:owner_forum": E("label='hubs.hub' pk=hub.pk", "login noop noop noop noop noop"),
    "discussions:post_edit": E("pk=post.pk", "login 403 403 403 403 noop"),
    "discussions:post_moderate": E("pk=post.pk", "login 403 403 403 403 noop"),
    "discussions:post_remove": E("pk=post.pk", "login 403 403 403 403 noop"),
    "discussions:post_report": E("pk=post.pk", "login 403 noop noop 403 noop"),
    "discussions:reply_create": E("pk=thread.pk", "login 403 noop noop 403 noop"),
    "discussions:thread_create": E("slug=forum.slug", "login 403 noop noop noop noop"),
    "discussions:thread_detail": E("pk=thread.pk", "login 403 noop noop 403 noop"),
    "events:check_in": E("pk=event.pk registration_id=registration.pk", "login 403 403 403 403 noop"),
    "events:check_in_code": E("pk=event.pk", "login 403 403 403 403 noop"),
    "events:body_events": E("body_slug=beita.slug", "noop noop noop noop noop noop"),
    "events:course_certificate": E("pk=course.pk", "login noop noop noop noop noop"),
    "events:course_create": E("", "login 403 403 noop 403 noop"),
    "events:course_detail": E("pk=course.pk", "noop noop noop noop noop noop"),
    "events:course_enrol": E("pk=course.pk", "login ok ok ok ok ok"),
    "events:course_list": E("", "noop noop noop noop noop noop"),
    "events:course_session_add": E("pk=course.pk", "login 403 403 403 403 noop"),
    "events:course_withdraw": E("pk=course.pk", "login 404 404 404 404 404"),
    "events:document_download": E("pk=event_document.pk", "404 404 404 404 404 404"),
    "events:event_cancel": E("pk=event.pk", "login 403 403 403 403 noop"),
    "events:event_capacity": E("pk=event.pk", "login 403 403 403 403 ok"),
    "events:event_close": E("pk=event.pk", "login 403 403 403 403 noop"),
    "events:event_create": E("", "login 403 noop noop 403 noop", officer="noop"),  # a body's editor: its events
    "events:event_detail": E("pk=event.pk", "noop noop noop noop noop noop"),
    "events:event_document": E("pk=event.pk", "login 403 403 403 403 noop"),
    "events:event_edit": E("pk=event.pk", "login 403 403 403 403 noop"),
    "events:event_ics": E("pk=event.pk", "noop noop noop noop noop noop"),
    "events:event_invite": E("pk=event.pk", "login 403 403 403 403 noop"),
    "events:event_list": E("", "noop noop noop noop noop noop"),
    "events:event_manage": E("pk=event.pk", "login 403 403 403 403 noop", officer="noop"),
    "events:event_month": E("", "noop noop noop noop noop noop"),
    "events:event_register": E("pk=event.pk", "login noop noop noop noop noop"),
    "events:feed_settings": E("", "login ok ok ok ok ok"),
    "events:followup_status": E("pk=followup.pk", "login 403 403 403 403 noop", {"status": "done"}),
    "events:hub_events": E("hub_slug=hub.slug", "noop noop noop noop noop noop"),
    "events:hub_feed": E("hub_slug=hub.slug", "noop noop noop noop noop noop"),
    "events:hub_month": E("hub_slug=hub.slug", "noop noop noop noop noop noop"),
    "events:my_events": E("", "login noop noop noop noop noop"),
    "events:my_month": E("", "login noop noop noop noop noop"),
    "events:personal_feed": E("token='x'", "404 404 404 404 404 404"),
    "events:reach": E("", "login 403 403 noop noop noop", officer="noop"),
    "events:reach_csv": E("", "login 403 403 noop noop noop", officer="noop"),
    "events:reach_xlsx": E("", "login 403 403 noop noop noop", officer="noop"),
    "events:registration_cancel": E("pk=event.pk", "login 404 404 404 404 404"),
    "events:registration_cancel_by_manager": E(
        "pk=event.pk registration_id=registration.pk", "login 403 403 403 403 noop"
    ),
    "feeds:documents_atom": E("", "noop noop noop noop noop noop"),
    "feeds:documents_owner_atom": E("kind='body' slug=beita.slug", "noop noop noop noop noop noop"),
    "feeds:documents_owner_rss": E("kind='body' slug=beita.slug", "noop noop noop noop noop noop"),
    "feeds:documents_rss": E("", "noop noop noop noop noop noop"),
    "feeds:events_atom": E("", "noop noop noop noop noop noop"),
    "feeds:events_owner_atom": E("kind='body' slug=beita.slug", "404 404 404 404 404 404"),
    "feeds:events_owner_rss": E("kind='body' slug=beita.slug", "404 404 404 404 404 404"),
    "feeds:events_rss": E("", "noop noop noop noop noop noop"),
    "hubs:ballot_cast": E("pk=election.pk slug=hub.slug", "login noop noop noop noop noop"),
    "hubs:candidate_nominate": E("pk=election.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:election_close": E("pk=election.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:election_create": E("slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:election_detail": E("pk=election.pk slug=hub.slug", "noop noop noop noop noop noop"),
    "hubs:hub_detail": E("slug=hub.slug", "noop noop noop noop noop noop"),
    "hubs:hub_edit": E("slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:hub_list": E("", "noop noop noop noop noop noop"),
    "hubs:initiative_review": E("pk=initiative.pk slug=hub.slug", "login 403 403 403 403 404"),
    "hubs:initiative_reject": E("pk=initiative.pk slug=hub.slug", "login 403 403 403 403 404"),
    "hubs:initiative_submit": E("slug=hub.slug", "login 403 noop noop 403 403"),
    "hubs:initiative_to_topic": E("pk=initiative.pk slug=hub.slug", "login 403 403 403 403 404"),
    "hubs:initiatives": E("slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:invitation_answer": E("pk=hub_invitation.pk", "login 404 404 404 404 404"),
    "hubs:invitation_decline": E("pk=hub_invitation.pk", "login 404 404 404 404 404"),
    "hubs:invitations": E("slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:joint_activities": E("slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:joint_activity_answer": E("pk=joint_received.pk slug=hub.slug", "login 403 403 403 403 403"),
    "hubs:joint_activity_decline": E("pk=joint_received.pk slug=hub.slug", "login 403 403 403 403 403"),
    "hubs:joint_activity_withdraw": E("pk=joint_sent.pk slug=hub.slug", "login 403 403 403 403 ok"),
    "hubs:manage": E("slug=hub.slug", "login 403 403 403 403 noop", officer="noop"),
    "hubs:mandate_end": E("pk=mandate.pk slug=hub.slug", "login 403 403 403 403 ok"),
    "hubs:membership_decide": E("pk=membership.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:membership_decline": E("pk=membership.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:membership_leave": E("slug=hub.slug", "login 404 404 404 404 404"),
    "hubs:membership_request": E("slug=hub.slug", "login 403 ok 403 403 403"),
    "hubs:mentoring_session_add": E("pk=mentorship.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:mentorship_create": E("slug=hub.slug", "login 403 noop 403 403 noop"),
    "hubs:mentorship_status": E("pk=mentorship.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:members": E("slug=hub.slug", "noop noop noop noop noop noop"),
    "hubs:mentorships": E("slug=hub.slug", "noop noop noop noop noop noop"),
    "hubs:my_invitations": E("", "login noop noop noop noop noop"),
    "hubs:representative_join": E("slug=hub.slug", "login 404 404 404 404 404"),
    "hubs:representative_leave": E("slug=hub.slug", "login 404 404 404 404 404"),
    "hubs:representative_remove": E("pk=representative.pk slug=hub.slug", "login 403 403 403 403 ok"),
    "hubs:topic_align": E("pk=topic.pk slug=hub.slug", "login 403 403 403 403 ok"),
    "hubs:topic_detail": E("pk=topic.pk slug=hub.slug", "noop noop noop noop noop noop"),
    "hubs:topic_propose": E("pk=work_plan.pk slug=hub.slug", "login 403 403 403 403 noop", {"title_ar": "موضوع"}),
    "hubs:topic_rank": E("pk=work_plan.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:work_plan": E("pk=work_plan.pk slug=hub.slug", "noop noop noop noop noop noop"),
    "hubs:work_plan_confirm": E("pk=work_plan.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:work_plan_create": E("slug=hub.slug", "login 403 403 403 403 noop"),
    "hubs:working_group_join": E("pk=topic.pk slug=hub.slug", "login 403 403 403 403 ok"),
    "hubs:working_group_leave": E("pk=topic.pk seat=seat.pk slug=hub.slug", "login 404 404 404 404 404"),
    "hubs:working_group_seat": E("pk=topic.pk slug=hub.slug", "login 403 403 403 403 noop"),
    "library:comment_answer": E(
        "slug=document.slug pk=review.pk comment_pk=review_comment.pk", "login 404 404 404 404 404"
    ),
    "library:document_create": E("", "login 403 noop noop 403 noop"),
    "library:document_detail": E("slug=document.slug", "noop noop noop noop noop noop"),
    "library:document_edit": E("slug=document.slug", "login 403 403 403 403 noop"),
    "library:document_link": E("slug=document.slug", "login 403 403 403 403 noop"),
    "library:document_follow": E("slug=document.slug", "login ok ok ok ok ok"),
    "library:document_list": E("", "noop noop noop noop noop noop"),
    "library:download": E("slug=document.slug number=1", "404 404 404 404 404 404"),
    "library:download_current": E("slug=document.slug", "404 404 404 404 404 404"),
    "library:recommendation_create": E("slug=document.slug", "login 403 403 403 403 noop"),
    "library:recommendation_detail": E("pk=recommendation.pk", "noop noop noop noop noop noop"),
    "library:recommendation_list": E("", "noop noop noop noop noop noop"),
    "library:recommendation_sessions": E("pk=recommendation.pk", "login 403 403 403 403 noop"),
    "library:recommendation_status": E("pk=recommendation.pk", "login 403 403 403 403 noop"),
    "library:review_comment": E("slug=document.slug pk=review.pk", "login 404 404 404 404 404"),
    "library:review_detail": E("slug=document.slug pk=review.pk", "404 404 404 404 404 404"),
    "library:review_open": E("slug=document.slug", "login 403 403 403 403 noop"),
    "library:story": E("kind='document' pk=document.pk", "noop noop noop noop noop noop"),
    "library:version_upload": E("slug=document.slug", "login 403 403 403 403 noop"),
    "meter:body_home": E("slug=beita.slug", "noop noop noop noop noop noop"),
    "meter:dashboard": E("", "login noop noop noop noop noop"),
    "meter:feed_atom": E("slug=beita.slug", "noop noop noop noop noop noop"),
    "meter:feed_rss": E("slug=beita.slug", "noop noop noop noop noop noop"),
    "meter:feedback_decide": E("pk=feedback.pk", "login 403 403 403 403 noop"),
    "meter:feedback_queue": E("slug=beita.slug", "login 403 403 403 403 noop", officer="noop"),
    "meter:feedback_reject": E("pk=feedback.pk", "login 403 403 403 403 noop"),
    "meter:feedback_support": E("pk=feedback.pk", "login 404 404 404 404 404"),
    "meter:gallery": E("slug=beita.slug", "noop noop noop noop noop noop"),
    "meter:goal_create": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:goal_delete": E("pk=plan.pk goal_pk=goal.pk", "login 403 403 403 403 ok"),
    "meter:goal_edit": E("pk=plan.pk goal_pk=goal.pk", "login 403 403 403 403 noop"),
    "meter:import_status": E("pk=import_job.pk", "login 404 404 404 404 404"),
    "meter:import_template": E("", "noop noop noop noop noop noop"),
    "meter:indicator_add": E("pk=project.pk", "login 403 403 403 403 noop"),
    "meter:milestone_add": E("pk=project.pk", "login 403 403 403 403 noop"),
    "meter:plan_create": E("slug=beita.slug", "login 403 403 403 403 noop"),
    "meter:plan_detail": E("pk=plan.pk", "noop noop noop noop noop noop"),
    "meter:plan_edit": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:plan_export": E("pk=plan.pk", "noop noop noop noop noop noop"),
    "meter:plan_feedback": E("pk=plan.pk", "noop noop noop noop noop noop"),
    "meter:plan_follow": E("pk=plan.pk", "login noop noop noop noop noop"),
    "meter:plan_import": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:plan_list": E("", "noop noop noop noop noop noop"),
    "meter:platform_feedback": E("", "noop noop noop noop noop noop"),
    "meter:platform_feedback_done": E("pk=999999", "login 403 403 403 403 404"),
    "meter:plan_manage": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:plan_status": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:post_create": E("slug=beita.slug", "login 403 403 403 403 noop"),
    "meter:post_delete": E("slug=beita.slug post_pk=meter_post.pk", "login 403 403 403 403 ok"),
    "meter:post_detail": E("slug=beita.slug pk=meter_post.pk", "noop noop noop noop noop noop"),
    "meter:post_edit": E("slug=beita.slug post_pk=meter_post.pk", "login 403 403 403 403 noop"),
    "meter:post_list": E("slug=beita.slug", "noop noop noop noop noop noop"),
    "meter:progress_decide": E("pk=progress.pk", "login 403 403 403 403 noop"),
    "meter:progress_queue": E("slug=beita.slug", "login 403 403 403 403 noop", officer="noop"),
    "meter:progress_reject": E("pk=progress.pk", "login 403 403 403 403 noop"),
    "meter:progress_submit": E("pk=project.pk", "login 403 403 403 403 noop"),
    "meter:project_create": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:project_delete": E("pk=plan.pk project_pk=project.pk", "login 403 403 403 403 ok"),
    "meter:project_detail": E("pk=project.pk", "noop noop noop noop noop noop"),
    "meter:project_edit": E("pk=plan.pk project_pk=project.pk", "login 403 403 403 403 noop"),
    "meter:project_feedback": E("pk=plan.pk project_pk=project.pk", "noop noop noop noop noop noop"),
    "meter:project_follow": E("pk=plan.pk project_pk=project.pk", "login noop noop noop noop noop"),
    "meter:project_list": E("pk=plan.pk", "noop noop noop noop noop noop"),
    "meter:plan_map": E("pk=plan.pk", "noop noop noop noop noop noop"),
    "meter:report_create": E("pk=plan.pk", "login 403 403 403 403 noop"),
    "meter:report_detail": E("pk=plan.pk report_pk=report.pk", "404 404 404 404 404 404"),
    "meter:report_edit": E("pk=plan.pk report_pk=report.pk", "login 403 403 403 403 404"),
    "meter:report_pdf": E("pk=plan.pk report_pk=report.pk", "404 404 404 404 404 404"),
    "meter:report_xlsx": E("pk=plan.pk report_pk=report.pk", "404 404 404 404 404 404"),
    "meter:status_edit": E("slug=beita.slug status_pk=status.pk", "login 403 403 403 403 noop"),
    "meter:statuses": E("slug=beita.slug", "login 403 403 403 403 noop"),
    "notifications:list": E("", "login noop noop noop noop noop"),
    # The finance coordinator (other_coordinator) has the demo's joint-activity proposal unread: marking all read
    # changes a row for them alone.
    "notifications:mark_all_read": E("", "login noop noop ok noop noop"),
    "notifications:open": E("pk=notification.pk", "login 404 404 404 404 404"),
    "notifications:preferences": E("", "login noop noop noop noop noop"),
    "programmes:officer_withdraw": E(
        "slug=programme.slug pk=officer_grant.pk", "login 403 403 403 403 ok", officer="403"
    ),
    "programmes:edit": E("slug=programme.slug", "login 403 403 403 403 noop", officer="noop"),
    "programmes:officers": E("slug=programme.slug", "login 403 403 403 403 noop", officer="403"),
    "programmes:pilot_create": E("slug=programme.slug", "login 403 403 403 403 noop", officer="noop"),
    "programmes:pilot_edit": E(
        "slug=programme.slug pilot_slug=pilot.slug", "login 403 403 403 403 noop", officer="noop"
    ),
    "programmes:milestone_add": E(
        "slug=programme.slug pilot_slug=pilot.slug", "login 403 403 403 403 noop", officer="noop"
    ),
    "programmes:milestone_edit": E(
        "slug=programme.slug pilot_slug=pilot.slug pk=pilot_milestone.pk",
        "login 403 403 403 403 noop",
        officer="noop",
    ),
    # Surveys: the innovation hub's closed initiatives survey (demo); hidden (404) from those it is not addressed to
    # and who do not run or follow it; its programme's officer sees it and is refused its writes. Nothing writes on
    # a closed survey (questions, opening, closing, reminders, answers are refused with a message).
    "surveys:answer": E("pk=survey.pk", "login 404 404 404 404 noop", officer="403"),
    "surveys:close": E("pk=survey.pk", "login 404 404 404 404 noop", officer="403"),
    "surveys:create": E("", "login 403 403 noop 403 noop", officer="noop"),
    "surveys:edit": E("pk=survey.pk", "login 404 404 404 404 noop", officer="403"),
    "surveys:open": E("pk=survey.pk", "login 404 404 404 404 noop", officer="403"),
    "surveys:question_add": E("pk=survey.pk", "login 404 404 404 404 noop", officer="403"),
    "surveys:question_delete": E(
        "pk=survey.pk question_pk=survey_question.pk", "login 404 404 404 404 noop", officer="403"
    ),
    "surveys:question_edit": E(
        "pk=survey.pk question_pk=survey_question.pk", "login 404 404 404 404 noop", officer="403"
    ),
    "surveys:remind": E("pk=survey.pk", "login 404 404 404 404 noop", officer="403"),
    "surveys:response_initiative": E(
        "pk=survey.pk response_pk=survey_response.pk", "login 404 404 404 404 noop", officer="403"
    ),
    "people:invitation_withdraw": E("slug=beita.slug pk=999999", "login 403 403 403 403 404"),
    "people:invite": E("slug=beita.slug", "login 403 403 403 403 noop"),
    "people:person_remove": E("slug=beita.slug user_pk=beita_editor.pk", "login 403 403 403 403 ok"),
    "people:person_roles": E("slug=beita.slug user_pk=beita_editor.pk", "login 403 403 403 403 ok"),
    "people:request_decide": E("slug=beita.slug pk=999999", "login 403 403 403 403 404"),
    "people:request_decline": E("slug=beita.slug pk=999999", "login 403 403 403 403 404"),
    "qa:answer_accept": E("pk=question.pk answer_pk=answer.pk", "login 403 403 403 403 noop"),
    "qa:answer_post": E("pk=question.pk", "login 403 403 403 noop noop"),
    "qa:attachment_download": E("pk=question.pk attachment_pk=attachment.pk", "login 404 404 404 404 404"),
    "qa:comment_post": E("pk=question.pk", "login 403 403 403 noop noop"),
    "qa:expertise_edit": E(
        "", "login 403 403 403 ok noop", {"topics": "@qa_topic.pk", "bio": "خبير", "is_available": "on"}
    ),
    "qa:publication_request": E("pk=question.pk", "login 404 404 404 403 ok"),  # the administrator is a superuser
    "qa:question_ask": E("", "login 403 noop noop 403 noop"),
    # An unpublished question: 404 for all but its asker, the specialists and the moderators (issue 21).
    "qa:question_detail": E("pk=question.pk", "404 404 404 404 noop noop"),
    "qa:question_list": E("", "noop noop noop noop noop noop"),
    "qa:question_publish": E("pk=question.pk", "login 404 404 404 noop noop"),
    "qa:question_unpublish": E("pk=question.pk", "login 404 404 404 403 noop"),
    "qa:response_times": E("", "login 403 noop noop noop noop"),
    "qa:specialist_list": E("", "login 403 noop noop noop noop"),
    "search:search": E("", "noop noop noop noop noop noop"),
    "switch_language": E("code='en'", "noop noop noop noop noop noop"),
    "twinning:assessment_edit": E("pk=group.pk", "login 403 403 403 403 403"),
    "twinning:criterion_add": E("slug=network.slug", "login 403 403 403 403 noop"),
    "twinning:document_download": E("pk=twin_document.pk", "login 404 404 404 404 404"),
    "twinning:document_upload": E("pk=group.pk", "login 403 403 403 403 noop"),
    "twinning:group_create": E("slug=network.slug", "login 403 403 403 403 noop"),
    "twinning:group_detail": E("pk=group.pk", "noop noop noop noop noop noop"),
    "twinning:group_edit": E("pk=group.pk", "login 403 403 403 403 noop"),
    "twinning:group_end": E("pk=group.pk", "login 403 403 403 403 noop"),
    "twinning:group_progress": E("pk=group.pk", "login 403 403 403 403 noop", officer="noop"),
    "twinning:group_review": E("pk=group.pk", "login 403 403 403 403 noop"),
    "twinning:meeting_create": E("pk=group.pk", "login 403 403 403 403 noop"),
    "twinning:milestone_create": E("pk=group.pk", "login 403 403 403 403 noop"),
    "twinning:strategy_section_edit": E("pk=group.pk kind='vision'", "login 403 403 403 403 noop"),
    "twinning:milestone_edit": E("pk=twin_milestone.pk", "login 403 403 403 403 noop"),
    "twinning:milestone_status": E("pk=twin_milestone.pk", "login 403 403 403 403 noop"),
    "twinning:network_create": E("", "login 403 403 403 403 noop"),
    "twinning:network_detail": E("slug=network.slug", "noop noop noop noop noop noop"),
    "twinning:network_edit": E("slug=network.slug", "login 403 403 403 403 noop"),
    "twinning:network_export": E("slug=network.slug", "noop noop noop noop noop noop"),
    "twinning:network_list": E("", "noop noop noop noop noop noop"),
    "twinning:partner_suggestions": E("slug=beita.slug", "login noop noop noop noop noop"),
}


def test_every_writing_endpoint_is_in_the_table():
    discovered = writing_endpoints()
    assert sorted(discovered - MATRIX.keys()) == [], "writing endpoints missing from MATRIX"
    assert sorted(MATRIX.keys() - discovered) == [], "MATRIX lists endpoints that no longer write (or exist)"


def _try(world, name, role):
    spec = MATRIX[name]
    client = Client(raise_request_exception=False)  # a crash is a 5xx cell, not an error of the test
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=world.kwargs(spec["kwargs"]))
    extra = {}
    if name == "api-v1:project_progress_push" and role in world.tokens:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
    response, diff = changes_made_by(lambda: client.post(url, world.data(spec["data"]), **extra))
    return url, response, outcome(response), diff


RECORD = os.environ.get("MATRIX_RECORD")
REFUSED = {"login", "401", "403", "404", "405"}
# Cells that show a real bug are listed here as {(url name, role): "BUG: ..."}; they run as strict xfails.
BUGS: dict[tuple[str, str], str] = {}


def _params():
    for name in sorted(MATRIX):
        for role in ROLES:
            marks = [pytest.mark.xfail(strict=True, reason=BUGS[name, role])] if (name, role) in BUGS else []
            yield pytest.param(name, role, id=f"{name}-{role}", marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_params()))
def test_matrix(world, name, role):
    expected = MATRIX[name]["outcomes"][role]
    url, response, got, diff = _try(world, name, role)
    if got == "ok" and not diff:
        got = "noop"
    assert got == expected, f"{role}: expected {expected}, got {got} ({response.status_code}) on POST {url}"
    if got in REFUSED | {"noop"}:
        assert not diff, f"{role}: {got} but rows changed on POST {url}: {diff}"


def test_the_table_covers_every_role():
    for name, spec in MATRIX.items():
        assert set(spec["outcomes"]) == set(ROLES), name
        assert set(spec["outcomes"].values()) <= REFUSED | {"ok", "noop"}, name


@pytest.mark.skipif(not RECORD, reason="MATRIX_RECORD=1 prints the observed outcomes")
@pytest.mark.django_db
def test_record(world):
    for name in sorted(MATRIX):
        cells = []
        for role in ROLES:
            try:
                url, response, got, diff = _try(world, name, role)
            except Exception as error:  # noqa: BLE001
                url, got, diff = "?", f"ERR({type(error).__name__}:{str(error)[:80]})", None
            cells.append(got + ("*" if diff else ""))  # ok* = wrote
        print(f"REC {name} {url} {' '.join(cells)}")
