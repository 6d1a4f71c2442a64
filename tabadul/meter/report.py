"""The achievements-and-challenges report of a plan for a period: figures, PDF (WeasyPrint) and Excel."""

from dataclasses import dataclass
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tabadul.core import exports
from tabadul.core.exports import Column

from .models import PlanReport, ProgressUpdate
from .selectors import plan_overview
from .stages import stage_label


@dataclass
class ReportData:
    start: object  # PlanFigures at the start of the period
    end: object  # PlanFigures at the end of the period
    gained: float
    updates_in_period: int
    completed_in_period: list
    projects: list  # (project at end, achievement at start)


def report_data(report: PlanReport) -> ReportData:
    """Figures as they stood at the start and at the end of the period: five queries.

    Both come from the published progress history alone (`rollup.annotate_achievement` with `as_of`), never from
    the projects' current status: the start is the evening before the period's first day, so an update dated on
    that day counts in the period, and the end is the evening of its last day.
    """
    start = plan_overview(plan=report.plan, as_of=report.period_start - timedelta(days=1))
    end = plan_overview(plan=report.plan, as_of=report.period_end)
    before = {project.pk: project.achievement for project in start.projects}
    updates = ProgressUpdate.objects.filter(
        project__plan=report.plan,
        status=ProgressUpdate.Status.PUBLISHED,
        date__gte=report.period_start,
        date__lte=report.period_end,
    ).count()
    rows = [(project, before.get(project.pk, 0)) for project in end.projects]
    completed = [project for project, was in rows if project.achievement >= 100 > was]
    return ReportData(
        start=start,
        end=end,
        gained=end.achievement - start.achievement,
        updates_in_period=updates,
        completed_in_period=completed,
        projects=rows,
    )


def report_pdf(report: PlanReport) -> bytes:
    """A PDF with Arabic shaped and laid out right to left (fonts: Debian's fonts-noto-core)."""
    from weasyprint import HTML

    with translation.override("ar"):
        html = render_to_string(
            "meter/report_pdf.html", {"report": report, "plan": report.plan, "data": report_data(report)}
        )
    return HTML(string=html).write_pdf()


def report_sheets(report: PlanReport) -> list[exports.Sheet]:
    """The report as three sheets (summary, goals, projects), in Arabic like the PDF."""
    data = report_data(report)
    with translation.override("ar"):
        summary = exports.Sheet(
            title=pgettext("achievements report", "Report"),
            header=[report.title],
            rows=[
                [report.plan.body.name_ar, report.plan.period],
                [_("Period"), report.period_start, report.period_end],
                [],
                [_("Achievement at the start of the period"), round(data.start.achievement, 1)],
                [_("Achievement at the end of the period"), round(data.end.achievement, 1)],
                [_("Gained in the period (points)"), round(data.gained, 1)],
                [_("Progress reports published in the period"), data.updates_in_period],
                [_("Projects completed in the period"), len(data.completed_in_period)],
                [_("Projects behind schedule"), data.end.behind_count],
                [],
                [_("Achievements"), report.achievements],
                [_("Challenges"), report.challenges],
                [_("Next steps"), report.next_steps],
            ],
            widths=[40, 60, 14],
            right_to_left=True,
        )
        goals = exports.Sheet.of(
            _("Goals"),
            [
                Column(_("Goal"), lambda pair: pair[1].goal.name_ar, 50),
                Column(_("Weight"), lambda pair: pair[1].goal.weight, 10),
                Column(_("Start of period (%)"), lambda pair: round(pair[0].achievement, 1), 16),
                Column(_("End of period (%)"), lambda pair: round(pair[1].achievement, 1), 16),
            ],
            zip(data.start.goals, data.end.goals, strict=True),
            right_to_left=True,
        )
        projects = exports.Sheet.of(
            _("Projects"),
            [
                Column(_("Reference"), lambda pair: pair[0].external_id, 12),
                Column(_("Project"), lambda pair: pair[0].name_ar, 50),
                Column(_("Stage at the end of the period"), lambda pair: stage_label(pair[0].achievement), 20),
                Column(_("Start of period (%)"), lambda pair: pair[1], 16),
                Column(_("End of period (%)"), lambda pair: pair[0].achievement, 16),
                Column(_("Expected by schedule (%)"), lambda pair: round(pair[0].expected, 1), 16),
            ],
            data.projects,
            right_to_left=True,
        )
    return [summary, goals, projects]
