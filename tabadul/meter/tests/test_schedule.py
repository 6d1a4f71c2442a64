"""Colour means something (issue 18, item 3): one schedule rule (meter/schedule.py) colours every project, goal and
plan; each status has a word and a shape besides its colour; a legend stands wherever a status colour does; the goal
chart stays readable on a phone."""

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tabadul.accounts.tests.factories import TEST_PASSWORD

from .. import schedule, services, svg
from ..rollup import BEHIND_TOLERANCE, plan_figures

STATUS_MARK = re.compile(r'class="(?:status status-|meter-bar-svg)')
LEGEND = 'class="status-legend"'


# --- The rule ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "achievement, expected, status",
    [
        (100, 100, schedule.DONE),
        (100, 40, schedule.DONE),
        (0, 0, schedule.NOT_STARTED),
        (0, BEHIND_TOLERANCE, schedule.NOT_STARTED),  # at the tolerance: not late yet
        (0, BEHIND_TOLERANCE + 1, schedule.BEHIND),  # nothing done where more was due: behind, not "not started"
        (60, 60 + BEHIND_TOLERANCE + 0.5, schedule.BEHIND),
        (60, 60 + BEHIND_TOLERANCE, schedule.ON_TRACK),
        (86, 80, schedule.ON_TRACK),
        (99, 10, schedule.ON_TRACK),
    ],
)
def test_the_rule(achievement, expected, status):
    assert schedule.status_for(achievement, expected) is status


def test_every_status_has_a_word_a_shape_a_colour_and_a_meaning():
    keys = {status.key for status in schedule.STATUSES}
    assert keys == {"on_track", "behind", "done", "not_started"}
    assert len({status.icon for status in schedule.STATUSES}) == len(keys)  # shapes differ, not only colours
    assert len({status.colour for status in schedule.STATUSES}) == len(keys)
    for status in schedule.STATUSES:
        assert str(status.label) and len(str(status.meaning).split()) >= 5


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_bar_colours_stand_out_from_the_track_and_from_each_other_by_more_than_hue():
    for status in schedule.STATUSES:
        assert _contrast(status.colour, svg.TRACK) >= 3, status.key  # a graphical object: 3:1 (WCAG 1.4.11)


def _row(goal_id, achievement, *, weight=1):
    # Every project runs 2024-01-01 → 2025-12-31; on 2025-08-07 the schedule expects 80 %.
    return SimpleNamespace(
        pk=None,
        goal_id=goal_id,
        achievement=achievement,
        weight=weight,
        start_date=date(2024, 1, 1),
        end_date=date(2025, 12, 31),
        status=SimpleNamespace(name=""),
    )


def test_one_late_project_does_not_make_an_86_percent_on_track_goal_red():
    goal = SimpleNamespace(pk=1, weight=1, name="Roads", plan_id=1)
    rows = [_row(1, 95) for _ in range(6)] + [_row(1, 32)]
    today = date(2024, 1, 1) + timedelta(days=584)
    figures = plan_figures(SimpleNamespace(pk=1), [goal], rows, today)
    goal_figures = figures.goals[0]
    assert round(goal_figures.achievement) == 86 and round(goal_figures.expected) == 80
    assert goal_figures.behind_count == 1  # one project is late …
    assert schedule.status_of(rows[-1]) is schedule.BEHIND
    assert schedule.status_of(goal_figures) is schedule.ON_TRACK  # … the goal is on track
    with translation.override("en"):
        html = svg.goals_chart(figures.goals, rtl=False, title="Achievement by goal")
    assert schedule.ON_TRACK.colour in html and schedule.BEHIND.colour not in html
    assert "status-on_track" in html and "On track" in html  # the word beside the colour
    assert "1 behind schedule" in html  # the late project is said in words


def test_a_goal_behind_its_own_schedule_is_behind():
    goal = SimpleNamespace(pk=1, weight=1, name="Water", plan_id=1)
    rows = [_row(1, 50), _row(1, 60)]
    figures = plan_figures(SimpleNamespace(pk=1), [goal], rows, date(2025, 8, 7))
    assert schedule.status_of(figures.goals[0]) is schedule.BEHIND
    with translation.override("en"):
        html = svg.goals_chart(figures.goals, rtl=False, title="t")
    assert schedule.BEHIND.colour in html and "Behind schedule" in html


def test_goal_bars_are_24_px_high_and_stretch_with_the_page_in_both_directions():
    status = schedule.ON_TRACK
    ltr = svg.bar(achievement=86, expected=80, status=status, rtl=False)
    rtl = svg.bar(achievement=86, expected=80, status=status, rtl=True)
    for bar in (ltr, rtl):
        assert 'height="24"' in bar and 'width="100%"' in bar and 'preserveAspectRatio="none"' in bar
        assert 'aria-hidden="true"' in bar  # the text beside it says the same
    assert '<rect x="0.00" y="0" width="86.00"' in ltr
    assert '<rect x="14.00" y="0" width="86.00"' in rtl  # from the right in Arabic
    assert 'x1="80.00"' in ltr and 'x1="20.00"' in rtl


# --- The pages ---------------------------------------------------------------------------------------------------


def _pages(client, world) -> dict[str, str]:
    world.publish(world.projects[0], 100)
    world.publish(world.projects[1], 5)
    report = services.report_save(
        actor=world.editor,
        plan=world.plan,
        title="تقرير",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        achievements="",
        challenges="",
        next_steps="",
    )
    public = {
        "plan_list": reverse("meter:plan_list"),
        "plan_detail": reverse("meter:plan_detail", args=[world.plan.pk]),
        "project_list": reverse("meter:project_list", args=[world.plan.pk]),
        "project_detail": reverse("meter:project_detail", args=[world.projects[1].pk]),
        "report_detail": reverse("meter:report_detail", args=[world.plan.pk, report.pk]),
    }
    pages = {}
    for name, url in public.items():
        for prefix in ("", "/en"):
            response = client.get(prefix + url)
            assert response.status_code == 200, url
            pages[f"{prefix}{name}"] = response.content.decode()
    assert client.login(username=world.editor.username, password=TEST_PASSWORD)
    pages["plan_manage"] = client.get(reverse("meter:plan_manage", args=[world.plan.pk])).content.decode()
    return pages


def test_a_legend_stands_wherever_a_status_colour_does(client, world):
    pages = _pages(client, world)
    coloured = {name for name, html in pages.items() if STATUS_MARK.search(html)}
    assert {"plan_list", "plan_detail", "project_list", "project_detail", "report_detail", "plan_manage"} <= coloured
    for name in coloured:
        assert LEGEND in pages[name], f"{name} shows a status colour without its legend"
    english = pages["/enplan_detail"]
    legend = english[english.index(LEGEND) :]
    with translation.override("en"):
        for status in schedule.STATUSES:  # every status in the legend: its class (colour), its word
            assert f"status-{status.key}" in legend and str(status.label) in legend
    assert "What the colours mean" in legend and "Dark tick" in legend


def test_every_template_with_a_status_colour_carries_the_legend_or_is_a_part_of_one_that_does():
    """Templates that draw a status (badge, bar, chart) are pages with a legend, or partials listed here whose every
    page is checked above."""
    partials = {"meter/_status_badge.html"}
    marks = re.compile(
        r"status_badge|status_bar|\{\{ chart \}\}|status-(?:on_track|behind|done|not_started)|badge behind"
    )
    roots = [Path(settings.BASE_DIR) / "tabadul"]
    found = set()
    for root in roots:
        for path in root.rglob("templates/**/*.html"):
            text = path.read_text()
            name = str(path).split("/templates/", 1)[1]
            if marks.search(text):
                found.add(name)
                if name not in partials:
                    assert "status_legend" in text, f"{name} draws a status colour without the legend"
    assert {"meter/plan_detail.html", "meter/project_list.html", "meter/_report_body.html"} <= found


def test_plan_page_goal_chart_replaces_the_8_px_svg(client, world):
    html = client.get("/en" + reverse("meter:plan_detail", args=[world.plan.pk])).content.decode()
    chart = re.search(r'<ol class="goal-chart".*?</ol>', html, re.S).group(0)
    assert chart.count('class="goal-chart-row"') == len(world.goals)
    assert len(re.findall(r'<svg class="meter-bar-svg[^>]* height="24"', chart)) == len(world.goals)
    assert 'viewBox="0 0 640' not in html  # the old chart, scaled to 8 px bars on a phone, is gone
