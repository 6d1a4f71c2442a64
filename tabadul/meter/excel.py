"""Excel export and import of a whole plan, in ONE format (docs/meter.md describes it).

The export writes exactly the sheets and columns the import reads, so exporting, editing in Excel and
importing again is a round trip: an untouched file changes nothing, an edited cell changes that field.

Import = validate every row (reads only; progress reported on the ImportJob), then, when no row has an
error, apply everything in one transaction through the services (permission checks, audit trail).
"""

import io
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tabadul.core import exports
from tabadul.core.arabic import normalize_digits

from . import audit_actions, services, stages, tasks
from .models import ImportJob, ProgressUpdate, Project, ProjectStatus, StrategicGoal, StrategicPlan
from .rollup import annotate_achievement

# Files with more data rows than this are checked and imported by a background task.
BACKGROUND_THRESHOLD = 300
PROGRESS_EVERY = 25

PLAN_FIELDS = ["title_ar", "title_en", "start_year", "end_year", "vision"]
STATUS_COLUMNS = ["code", "name_ar", "name_en", "default_percent", "position"]
GOAL_COLUMNS = ["external_id", "name_ar", "name_en", "weight", "position", "description"]
PROJECT_COLUMNS = [
    "external_id",
    "goal_external_id",
    "name_ar",
    "name_en",
    "sector",
    "location",
    "department",
    "budget",
    "funding_source",
    "start_date",
    "end_date",
    "weight",
    "status_code",
    "progress_percent",
    "progress_date",
    "description",
]
SHEETS = {"plan": ["field", "value"], "statuses": STATUS_COLUMNS, "goals": GOAL_COLUMNS, "projects": PROJECT_COLUMNS}
# Columns added later (issue 19: where the project is): exported after the others, read when a file has them, so a
# file made from an older template still imports (its projects keep their point and neighbourhood).
OPTIONAL_COLUMNS = {"projects": ["neighbourhood", "latitude", "longitude"]}


# --- Export ------------------------------------------------------------------------------------------


def _columns(names: list[str], read: dict | None = None) -> list[exports.Column]:
    """The import's columns: each read from the attribute of the same name unless `read` says otherwise."""
    return [exports.Column(name, (read or {}).get(name, name), 18) for name in names]


def _progress(read):
    return lambda project: read(project) if project.last_update_date is not None else None


COLUMNS = {
    "plan": _columns(["field", "value"], {"field": lambda pair: pair[0], "value": lambda pair: pair[1]}),
    "statuses": _columns(STATUS_COLUMNS),
    "goals": _columns(GOAL_COLUMNS),
    "projects": _columns(
        PROJECT_COLUMNS + OPTIONAL_COLUMNS["projects"],
        {
            "goal_external_id": "goal.external_id",
            "status_code": "status.code",
            "progress_percent": _progress(lambda project: project.achievement),
            "progress_date": _progress(lambda project: project.last_update_date),
        },
    ),
}


def _sheet(name: str, objects=()) -> exports.Sheet:
    return exports.Sheet.of(
        name,  # the import finds its sheets by these names: never translated
        COLUMNS[name],
        objects,
        freeze_header=True,
        whole_numbers={"N2:N5000": (0, 100)} if name == "projects" else {},  # progress_percent
    )


def plan_sheets(plan: StrategicPlan) -> list[exports.Sheet]:
    projects = annotate_achievement(Project.objects.filter(plan=plan).select_related("goal", "status")).order_by(
        "goal__position", "goal_id", "external_id"
    )
    return [
        _sheet("plan", [(name, getattr(plan, name)) for name in PLAN_FIELDS]),
        _sheet("statuses", ProjectStatus.objects.filter(body_id=plan.body_id).order_by("position", "pk")),
        _sheet("goals", StrategicGoal.objects.filter(plan=plan).order_by("position", "pk")),
        _sheet("projects", projects),
    ]


def template_sheets() -> list[exports.Sheet]:
    return [
        _sheet("plan", [(name, None) for name in PLAN_FIELDS]),
        _sheet("statuses"),
        _sheet("goals"),
        _sheet("projects"),
    ]


def export_plan(plan: StrategicPlan) -> bytes:
    return exports.xlsx_bytes(*plan_sheets(plan))


def export_template() -> bytes:
    return exports.xlsx_bytes(*template_sheets())


# --- Reading -----------------------------------------------------------------------------------------


class RowError(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _numeric_text(value) -> str:
    """A number or date typed as text: Arabic-Indic digits, Arabic decimal (٫) and thousands (٬ ,) signs."""
    return normalize_digits(_text(value)).replace("٫", ".").replace("٬", "").replace(",", "").replace(" ", "")


def _decimal(value, name, *, required=False) -> Decimal | None:
    if value is None or _text(value) == "":
        if required:
            raise RowError(_("%(column)s is required.") % {"column": name})
        return None
    try:
        number = Decimal(_numeric_text(value))
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise RowError(_("%(column)s must be a number.") % {"column": name}) from None
    return number.quantize(Decimal("0.01"))


def _int(value, name, *, required=False) -> int | None:
    number = _decimal(value, name, required=required)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise RowError(_("%(column)s must be a whole number.") % {"column": name})
    return int(number)


def _date(value, name, *, required=False) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize_digits(_text(value)).replace("/", "-")
    if not text:
        if required:
            raise RowError(_("%(column)s is required.") % {"column": name})
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(_("%(column)s must be a date like 2024-03-31.") % {"column": name}) from None


def _coordinate(value, name, limit) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    try:
        number = Decimal(_numeric_text(value).replace("−", "-"))
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise RowError(_("%(column)s must be a number of degrees, like 32.0833.") % {"column": name}) from None
    if not -limit <= number <= limit:
        raise RowError(
            _("%(column)s must be between -%(limit)s and %(limit)s degrees.") % {"column": name, "limit": limit}
        )
    return number.quantize(Decimal("0.000001"))


def _place(data) -> dict:
    """The optional neighbourhood, latitude and longitude of a project row; a file without these columns leaves the
    project's as they are (nothing in the returned values)."""
    values = {}
    if "neighbourhood" in data:
        values["neighbourhood"] = _text(data["neighbourhood"])
    if "latitude" in data or "longitude" in data:
        latitude = _coordinate(data.get("latitude"), "latitude", 90)
        longitude = _coordinate(data.get("longitude"), "longitude", 180)
        if (latitude is None) != (longitude is None):
            raise RowError(_("Give both latitude and longitude, or leave both empty."))
        values["latitude"], values["longitude"] = latitude, longitude
    return values


def _rows(workbook, sheet_name: str, required: bool = True):
    """(row number, {column: value}) for each non-empty row; checks the header."""
    if sheet_name not in workbook.sheetnames:
        if required:
            raise ValidationError(_("The sheet “%(sheet)s” is missing: use the template.") % {"sheet": sheet_name})
        return []
    sheet = workbook[sheet_name]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(cell) for cell in next(rows, [])]
    expected = SHEETS[sheet_name]
    if header[: len(expected)] != expected:
        raise ValidationError(
            _("The sheet “%(sheet)s” must have the columns: %(columns)s.")
            % {"sheet": sheet_name, "columns": ", ".join(expected)}
        )
    optional = {name: header.index(name) for name in OPTIONAL_COLUMNS.get(sheet_name, []) if name in header}
    result = []
    for number, values in enumerate(rows, start=2):
        values = list(values)
        row = dict(zip(expected, values[: len(expected)] + [None] * (len(expected) - len(values)), strict=True))
        for name, index in optional.items():
            row[name] = values[index] if index < len(values) else None
        if all(v is None or _text(v) == "" for v in row.values()):
            continue
        result.append((number, row))
    return result


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)  # [sheet, row, message]
    counts: dict = field(default_factory=dict)  # sheet -> {create, update, unchanged}
    changes: list = field(default_factory=list)  # [sheet, row, key, action, fields]
    applied: bool = False
    awaiting_approval: int = 0  # imported progress updates left pending for another approver (four eyes)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, sheet, action):
        self.counts.setdefault(sheet, {"create": 0, "update": 0, "unchanged": 0})[action] += 1

    def as_dict(self) -> dict:
        return asdict(self)


def _model_errors(instance, exclude) -> list[str]:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = []
        for name, errors in error.message_dict.items():
            label = name if name != "__all__" else ""
            messages.extend(f"{label}: {message}" if label else message for message in errors)
        return messages
    return []


def _classify(instance, values) -> tuple[str, list[str]]:
    if instance.pk is None:
        return "create", sorted(values)
    changed = services.changed_fields(instance, values)
    return ("update", sorted(changed)) if changed else ("unchanged", [])


class _Plan:
    """Everything one import needs, validated, without writing anything."""

    def __init__(self, *, plan: StrategicPlan, workbook, on_progress=None):
        self.plan = plan
        self.result = ImportResult()
        self.on_progress = on_progress or (lambda done: None)
        self.statuses = {s.code: s for s in ProjectStatus.objects.filter(body_id=plan.body_id)}
        self.goals = {g.external_id: g for g in StrategicGoal.objects.filter(plan=plan)}
        self.projects = {
            p.external_id: p
            for p in annotate_achievement(Project.objects.filter(plan=plan).select_related("goal", "status"))
        }
        self.sheets = {name: _rows(workbook, name, required=name != "plan") for name in SHEETS}
        self.total = sum(len(rows) for rows in self.sheets.values())
        self.done = 0
        self.plan_values: dict = {}
        self.status_rows: list = []
        self.goal_rows: list = []
        self.project_rows: list = []

    def error(self, sheet, row, message):
        self.result.errors.append([sheet, row, str(message)])

    def tick(self):
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.on_progress(self.done)

    def validate(self) -> ImportResult:
        self._plan_sheet()
        self._status_sheet()
        self._goal_sheet()
        self._project_sheet()
        self.on_progress(self.done)
        return self.result

    def _plan_sheet(self):
        values = {}
        for row, data in self.sheets["plan"]:
            self.tick()
            name = _text(data["field"])
            if name not in PLAN_FIELDS:
                self.error("plan", row, _("Unknown field “%(name)s”.") % {"name": name[:40]})
                continue
            if _text(data["value"]) == "" and name not in ("title_en", "vision"):
                continue  # an empty required field in the plan sheet (e.g. the template) leaves the plan as it is
            try:
                if name in ("start_year", "end_year"):
                    values[name] = _int(data["value"], name, required=True)
                else:
                    values[name] = _text(data["value"])
            except RowError as error:
                self.error("plan", row, error)
        if not values:
            return
        probe = StrategicPlan(**{**{n: getattr(self.plan, n) for n in PLAN_FIELDS}, **values}, body=self.plan.body)
        for message in _model_errors(probe, exclude=["body", "status"]):
            self.error("plan", 0, message)
        action, fields = _classify(self.plan, values)
        self.result.count("plan", action)
        if action != "unchanged":
            self.result.changes.append(["plan", 0, self.plan.period, action, fields])
        self.plan_values = values

    def _status_sheet(self):
        seen = set()
        for row, data in self.sheets["statuses"]:
            self.tick()
            try:
                code = _text(data["code"])
                if not code:
                    raise RowError(_("code is required."))
                if code in seen:
                    raise RowError(_("The code “%(code)s” appears twice.") % {"code": code})
                seen.add(code)
                values = {
                    "code": code,
                    "name_ar": _text(data["name_ar"]),
                    "name_en": _text(data["name_en"]),
                    "default_percent": _int(data["default_percent"], "default_percent", required=True),
                    "position": _int(data["position"], "position") or 0,
                }
            except RowError as error:
                self.error("statuses", row, error)
                continue
            instance = self.statuses.get(code) or ProjectStatus(body_id=self.plan.body_id)
            probe = ProjectStatus(body_id=self.plan.body_id, **values)
            for message in _model_errors(probe, exclude=["body"]):
                self.error("statuses", row, message)
            action, fields = _classify(instance, values)
            self._record("statuses", row, code, action, fields)
            self.status_rows.append((row, instance, values))

    def _goal_sheet(self):
        seen = set()
        for row, data in self.sheets["goals"]:
            self.tick()
            try:
                external_id = _text(data["external_id"])
                if not external_id:
                    raise RowError(_("external_id is required."))
                if external_id in seen:
                    raise RowError(_("The external id “%(id)s” appears twice.") % {"id": external_id})
                seen.add(external_id)
                values = {
                    "external_id": external_id,
                    "name_ar": _text(data["name_ar"]),
                    "name_en": _text(data["name_en"]),
                    "weight": _decimal(data["weight"], "weight", required=True),
                    "position": _int(data["position"], "position") or 0,
                    "description": _text(data["description"]),
                }
            except RowError as error:
                self.error("goals", row, error)
                continue
            instance = self.goals.get(external_id) or StrategicGoal(plan=self.plan)
            for message in _model_errors(StrategicGoal(plan=self.plan, **values), exclude=["plan"]):
                self.error("goals", row, message)
            action, fields = _classify(instance, values)
            self._record("goals", row, external_id, action, fields)
            self.goal_rows.append((row, instance, values))

    def _project_sheet(self):
        seen = set()
        goal_ids = set(self.goals) | {values["external_id"] for _, _, values in self.goal_rows}
        status_codes = set(self.statuses) | {values["code"] for _, _, values in self.status_rows}
        for row, data in self.sheets["projects"]:
            self.tick()
            try:
                external_id = _text(data["external_id"])
                if not external_id:
                    raise RowError(_("external_id is required."))
                if external_id in seen:
                    raise RowError(_("The external id “%(id)s” appears twice.") % {"id": external_id})
                seen.add(external_id)
                goal_id = _text(data["goal_external_id"])
                if goal_id not in goal_ids:
                    raise RowError(_("No goal has the external id “%(id)s”.") % {"id": goal_id[:50]})
                status_code = _text(data["status_code"])
                if status_code not in status_codes:
                    raise RowError(_("No status has the code “%(code)s”.") % {"code": status_code[:40]})
                values = {
                    "external_id": external_id,
                    "name_ar": _text(data["name_ar"]),
                    "name_en": _text(data["name_en"]),
                    "sector": _text(data["sector"]),
                    "location": _text(data["location"]),
                    "department": _text(data["department"]),
                    "budget": _decimal(data["budget"], "budget"),
                    "funding_source": _text(data["funding_source"]),
                    "start_date": _date(data["start_date"], "start_date", required=True),
                    "end_date": _date(data["end_date"], "end_date", required=True),
                    "weight": _decimal(data["weight"], "weight", required=True),
                    "description": _text(data["description"]),
                    **_place(data),
                }
                progress = _int(data["progress_percent"], "progress_percent")
                progress_date = _date(data["progress_date"], "progress_date")
                if progress is not None and not 0 <= progress <= 100:
                    raise RowError(_("progress_percent must be between 0 and 100."))
                if progress is not None and progress_date is None:
                    raise RowError(_("progress_date is required with progress_percent."))
            except RowError as error:
                self.error("projects", row, error)
                continue
            instance = self.projects.get(external_id) or Project(plan=self.plan)
            try:
                self._check_stage(status_code, progress, instance)
            except RowError as error:
                self.error("projects", row, error)
            probe = Project(plan=self.plan, **values)
            for message in _model_errors(probe, exclude=["plan", "goal", "status"]):
                self.error("projects", row, message)
            # Compare with the goal and status as they are now (new ones count as a change).
            compare = dict(values)
            goal, status = self.goals.get(goal_id), self.statuses.get(status_code)
            compare["goal"] = goal.pk if goal else -1
            compare["status"] = status.pk if status else -1
            action, fields = _classify(instance, compare)
            progress_change = None
            if progress is not None:
                current = (instance.achievement, instance.last_update_date) if instance.pk else None
                if current is None or current[1] is None or (progress, progress_date) != current:
                    progress_change = (progress, progress_date)
                    if action == "unchanged":
                        action = "update"
                    fields = [*fields, "progress"]
            self._record("projects", row, external_id, action, fields)
            self.project_rows.append((row, instance, values, goal_id, status_code, progress_change))

    def _check_stage(self, status_code: str, progress: int | None, instance) -> None:
        """The row's status and its progress_percent agree (stages.py): "completed" with 100, and so on. Without
        a progress_percent, the status must agree with the project's published achievement."""
        if progress is None and instance.pk and instance.last_update_date is not None:
            if status_code == instance.status.code:
                return  # unchanged: an old disagreement is for manage.py meter_status_agree, not this import
            progress = instance.achievement
        if progress is None:
            return
        status = self.statuses.get(status_code)
        default = status.default_percent if status is not None else None
        for _row, _instance, values in self.status_rows:  # a status the same file creates or changes
            if values["code"] == status_code:
                default = values["default_percent"]
        if default is not None and not stages.agree(default, progress):
            raise RowError(
                _(
                    "The status “%(code)s” is for projects %(stage)s, but progress_percent is %(percent)d: "
                    "a status for projects %(expected)s agrees with it."
                )
                % {
                    "code": status_code,
                    "stage": stages.RANGES[stages.stage_of(default)],
                    "percent": progress,
                    "expected": stages.RANGES[stages.stage_of(progress)],
                }
            )

    def _record(self, sheet, row, key, action, fields):
        self.result.count(sheet, action)
        if action != "unchanged":
            self.result.changes.append([sheet, row, key, action, fields])

    @transaction.atomic
    def apply(self, actor):
        plan = self.plan
        if self.plan_values:
            services.plan_update(actor=actor, plan=plan, **self.plan_values)
        statuses = dict(self.statuses)
        for _row, instance, values in self.status_rows:
            statuses[values["code"]] = services.status_save(
                actor=actor, body=plan.body, status=instance if instance.pk else None, **values
            )
        goals = dict(self.goals)
        for _row, instance, values in self.goal_rows:
            goals[values["external_id"]] = services.goal_save(
                actor=actor, plan=plan, goal=instance if instance.pk else None, **values
            )
        for row, instance, values, goal_id, status_code, progress in self.project_rows:
            # An existing project takes its new figure first (publishing moves its status to the figure's stage),
            # then the row's status, which must agree with the published figure (stages.py).
            project = Project.objects.get(pk=instance.pk) if instance.pk else None
            if project is not None and progress is not None:
                self._progress(actor, project, progress)
            try:
                project = services.project_save(
                    actor=actor,
                    plan=plan,
                    project=Project.objects.get(pk=project.pk) if project is not None else None,
                    goal=goals[goal_id],
                    status=statuses[status_code],
                    **values,
                )
            except ValidationError as error:
                raise ValidationError(
                    [_("Sheet projects, row %(row)d: %(message)s") % {"row": row, "message": m} for m in error.messages]
                ) from None
            if not instance.pk and progress is not None:
                self._progress(actor, project, progress)
        self.result.applied = True

    def _progress(self, actor, project, progress) -> None:
        percent, when = progress
        pending = ProgressUpdate.objects.filter(
            project=project, percent=percent, date=when, status=ProgressUpdate.Status.PENDING
        ).first()
        if pending is None:
            pending = services.progress_submit(
                actor=actor, project=project, percent=percent, date=when, note=_("Imported from Excel.")
            )
        # Four eyes: the importer's own figures wait for another approver, as in progress_publish.
        if actor.has_perm("meter.publish_this_progress", pending):
            services.progress_publish(actor=actor, update=pending)
        else:
            self.result.awaiting_approval += 1


def plan_import(*, actor, plan: StrategicPlan, content: bytes, dry_run: bool, on_progress=None) -> ImportResult:
    """Check (and unless `dry_run`, apply) a workbook; nothing is saved when any row is wrong."""
    if not actor.has_perm("meter.change_plan", plan):
        raise PermissionDenied
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        return ImportResult(errors=[["", 0, _("This file cannot be read as an Excel (.xlsx) workbook.")]])
    try:
        importer = _Plan(plan=plan, workbook=workbook, on_progress=on_progress)
        result = importer.validate()
    except ValidationError as error:
        return ImportResult(errors=[["", 0, message] for message in error.messages])
    finally:
        workbook.close()
    if result.ok and not dry_run:
        try:
            importer.apply(actor)
        except ValidationError as error:  # a rule only the database knows; everything was rolled back
            result.errors.extend(["", 0, message] for message in error.messages)
    return result


# --- Import jobs (progress shown on a page; background task for large files) --------------------------


def _count_rows(content: bytes) -> int:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
    except Exception:
        return 0
    total = sum(
        1
        for name in SHEETS
        if name in workbook.sheetnames
        for values in workbook[name].iter_rows(min_row=2, values_only=True)
        if any(value is not None and str(value).strip() for value in values)
    )
    workbook.close()
    return total


def import_job_create(*, actor, plan: StrategicPlan, upload) -> ImportJob:
    if not actor.has_perm("meter.change_plan", plan):
        raise PermissionDenied
    content = upload.read()
    job = ImportJob(plan=plan, actor=actor, total_rows=_count_rows(content))
    job.file.save("plan.xlsx", ContentFile(content), save=False)  # stored under a random name (core/files.py)
    job.save()
    services.audit_record(actor=actor, action=audit_actions.IMPORT_UPLOAD, target=job, changes={"rows": job.total_rows})
    return job


def import_job_run(*, job_id: int, dry_run: bool) -> str:
    job = ImportJob.objects.select_related("plan__body", "actor").get(pk=job_id)
    job.status = ImportJob.Status.VALIDATING if dry_run else ImportJob.Status.APPLYING
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])

    def on_progress(done):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    with job.file.open("rb") as handle:
        content = handle.read()
    result = plan_import(actor=job.actor, plan=job.plan, content=content, dry_run=dry_run, on_progress=on_progress)
    job.refresh_from_db()
    job.result = result.as_dict()
    if not result.ok:
        job.status = ImportJob.Status.FAILED
    elif dry_run:
        job.status = ImportJob.Status.CHECKED
    else:
        job.status = ImportJob.Status.DONE
    job.save(update_fields=["result", "status", "updated_at"])
    if not dry_run:
        services.audit_record(
            actor=job.actor,
            action=audit_actions.IMPORT_APPLY,
            target=job,
            changes={"ok": result.ok, "counts": result.counts},
        )
    return job.status


def import_job_start(*, job: ImportJob, dry_run: bool) -> None:
    """Run the job now for small files, as a background task for large ones."""

    if job.total_rows > BACKGROUND_THRESHOLD:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
        tasks.run_import.enqueue(job_id=job.pk, dry_run=dry_run)
    else:
        import_job_run(job_id=job.pk, dry_run=dry_run)
