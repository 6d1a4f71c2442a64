"""Spreadsheet formula injection (security issue 15): every CSV and Excel file is written by core/exports.py.

Two enumerations keep it so: no module but the helper touches csv writers or a spreadsheet library, and every URL
that serves a CSV or Excel file is exported here with hostile text in the fields editors fill, then read back.
"""

import ast
import csv
import datetime as dt
import inspect
import io
import itertools
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import tabadul
from tabadul.accounts.tests.factories import make_user
from tabadul.api import downloads
from tabadul.core import exports
from tabadul.core.exports import formula_like, safe_cell
from tabadul.directory.models import LocalBody
from tabadul.events import reach
from tabadul.events import services as event_services
from tabadul.events.tests.conftest import make_event
from tabadul.hubs.models import Hub
from tabadul.library.tests.factories import make_document
from tabadul.meter import excel
from tabadul.meter import services as meter_services
from tabadul.meter.models import Project
from tabadul.meter.tests.conftest import PlanWorld
from tabadul.programmes.models import Programme
from tabadul.twinning import services as twinning_services
from tabadul.twinning.tests.conftest import foreign_body

HOSTILE = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    " =1+1",
    "＝1+1",
)
SIGNS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")

# --- The class: who writes CSV or Excel ---------------------------------------------------------------------

ROOT = Path(tabadul.__file__).parent
HELPER = "tabadul.core.exports"
SPREADSHEET_LIBRARIES = {"openpyxl", "xlsxwriter", "tablib", "pandas", "odf", "pyexcel", "xlwt"}
CSV_WRITERS = {"writer", "DictWriter"}
# Uses of a spreadsheet library that write nothing, each with its reason.
READERS = {("tabadul.meter.excel", "openpyxl.load_workbook"): "the Meter import reads the uploaded workbook"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield ".".join(parts).removesuffix(".__init__"), ast.parse(path.read_text(), filename=str(path))


def _spreadsheet_uses(tree) -> set[str]:
    """The spreadsheet-library names a module imports and the csv writers it calls, as dotted names."""
    uses, csv_aliases = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in SPREADSHEET_LIBRARIES:
                    uses.add(alias.name)
                if alias.name == "csv":
                    csv_aliases.add(alias.asname or "csv")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if node.module.split(".")[0] in SPREADSHEET_LIBRARIES:
                    uses.add(f"{node.module}.{alias.name}")
                if node.module == "csv" and alias.name in CSV_WRITERS:
                    uses.add(f"csv.{alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in CSV_WRITERS
            and getattr(node.value, "id", "") in csv_aliases
        ):
            uses.add(f"csv.{node.attr}")
    return uses


def _imports_helper(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            node.module == HELPER or (node.module == "tabadul.core" and any(a.name == "exports" for a in node.names))
        ):
            return True
        if isinstance(node, ast.Import) and any(alias.name == HELPER for alias in node.names):
            return True
    return False


def test_only_the_export_helper_writes_csv_or_excel():
    direct = {(module, name) for module, tree in _modules() if module != HELPER for name in _spreadsheet_uses(tree)}
    assert direct - set(READERS) == set(), "write CSV and Excel through tabadul.core.exports"
    assert set(READERS) <= direct, "a reader listed in READERS no longer exists: remove it"


def test_the_scanner_sees_each_way_of_writing():
    source = (
        "import csv as c\nfrom openpyxl import Workbook\nimport xlsxwriter\nc.writer(f)\nfrom csv import DictWriter"
    )
    assert _spreadsheet_uses(ast.parse(source)) == {"csv.writer", "csv.DictWriter", "openpyxl.Workbook", "xlsxwriter"}


def _file_urls(resolver=None, namespace="") -> dict[str, object]:
    """The URLs whose address ends in .csv or .xlsx, or in a format chosen by the address: name → view."""
    names = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _file_urls(entry, inner)
        elif isinstance(entry, URLPattern) and str(entry.pattern).endswith((".csv", ".xlsx", ".<str:fmt>")):
            names[namespace + entry.name] = entry.callback
    return names


# --- Hostile text in the fields editors fill --------------------------------------------------------------------


def hostile():
    """The hostile texts in turn, for the text fields of one object: the first is the HYPERLINK formula."""
    return itertools.cycle(HOSTILE)


@pytest.fixture
def scene(body, other_body, platform_admin):
    worlds = [PlanWorld(body), PlanWorld(other_body, projects=2)]
    for world in worlds:
        texts = hostile()
        meter_services.plan_update(
            actor=world.editor, plan=world.plan, title_ar=next(texts), title_en=next(texts), vision=next(texts)
        )
        for status in world.statuses.values():
            meter_services.status_save(actor=world.editor, body=world.body, status=status, name_ar=HOSTILE[0])
        for goal in world.goals:
            texts = hostile()
            meter_services.goal_save(
                actor=world.editor, plan=world.plan, goal=goal, name_ar=next(texts), description=next(texts)
            )
        for project in world.projects:
            texts = hostile()
            fields = ("name_ar", "name_en", "sector", "location", "department", "funding_source", "description")
            meter_services.project_save(
                actor=world.editor, plan=world.plan, project=project, **{name: next(texts) for name in fields}
            )
    world = worlds[0]
    # Achievement falls within the report's period: "gained" is a negative number.
    world.publish(world.projects[0], 80, when=date(2024, 2, 1))
    world.publish(world.projects[0], 20, when=date(2024, 5, 1))
    texts = hostile()
    report = meter_services.report_save(
        actor=world.editor,
        plan=world.plan,
        title=next(texts),
        period_start=date(2024, 3, 1),
        period_end=date(2024, 6, 30),
        achievements=next(texts),
        challenges=next(texts),
        next_steps=next(texts),
    )
    for local_body in (body, other_body):
        texts = hostile()
        LocalBody.objects.filter(pk=local_body.pk).update(name_ar=next(texts), name_en=next(texts))
    texts = hostile()
    hub = Hub.objects.create(slug="hostile-hub", name_ar=next(texts), name_en=next(texts))
    texts = hostile()
    event = make_event(platform_admin, hubs=[hub], days=0, name_ar=next(texts), name_en=next(texts), city=next(texts))
    registration = event_services.event_register(actor=make_user(body=body), event=event)
    event_services.registration_check_in(actor=platform_admin, registration=registration)
    for _n in range(3):
        texts = hostile()
        make_document(actor=platform_admin, title_ar=next(texts), title_en=next(texts))
    texts = hostile()
    network = twinning_services.network_create(
        actor=platform_admin,
        name_ar=next(texts),
        name_en=next(texts),
        slug="hostile-network",
        facilitating_organisation=next(texts),
        members=[body, foreign_body("JO")],
    )
    twinning_services.group_create(
        actor=platform_admin,
        network=network,
        members=network.members.all(),
        name_ar=next(texts),
        theme="led_strategy",
        objectives=next(texts),
        starts_on=date(2026, 3, 15),
        facilitator=make_user(full_name=next(texts)),
    )
    texts = hostile()
    programme = Programme.objects.create(slug="hostile-programme", name_ar=next(texts), name_en=next(texts))
    survey = _hostile_survey(platform_admin, body)
    return {
        "admin": platform_admin,
        "world": world,
        "report": report,
        "network": network,
        "programme": programme,
        "survey": survey,
    }


def _hostile_survey(admin, body):
    """A survey to `body` with hostile text in its title, questions, choices and a written answer."""
    from tabadul.surveys import services as survey_services

    texts = hostile()
    now = timezone.now()
    survey = survey_services.survey_create(
        actor=admin,
        owner=None,
        bodies=[body],
        title=next(texts),
        audience="chosen",
        unit="body",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=5),
    )
    choice = survey_services.question_add(
        actor=admin, survey=survey, kind="single", text=next(texts), options=[next(texts), next(texts)]
    )
    written = survey_services.question_add(actor=admin, survey=survey, kind="text", text=next(texts))
    survey_services.survey_open(actor=admin, survey=survey)
    survey_services.response_submit(
        actor=make_user(body=body), survey=survey, answers={choice.pk: "0", written.pk: next(texts)}
    )
    return survey


# --- Every export, read back ------------------------------------------------------------------------------------


def _get(client, user, url) -> bytes:
    if user:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def _downloads(client, scene):
    for dataset in downloads.DATASETS:
        for fmt in ("csv", "xlsx"):
            yield f"{dataset}.{fmt}", _get(client, None, reverse("download", args=[dataset, fmt]))


def _plan_export(client, scene):
    plan = scene["world"].plan
    yield "plan.xlsx", _get(client, scene["world"].editor, reverse("meter:plan_export", args=[plan.pk]))


def _report(client, scene):
    report = scene["report"]
    url = reverse("meter:report_xlsx", args=[report.plan.pk, report.pk])
    yield "report.xlsx", _get(client, scene["world"].editor, url)


def _template(client, scene):
    yield "template.xlsx", _get(client, scene["world"].editor, reverse("meter:import_template"))


def _twinning(client, scene):
    url = reverse("twinning:network_export", args=[scene["network"].slug])
    yield "twinning.xlsx", _get(client, scene["admin"], url)


def _reach_csv(client, scene):
    reach.store()  # the figures the dashboard's exports read, as the background task stores them
    yield "reach.csv", _get(client, scene["admin"], reverse("events:reach_csv"))


def _reach_xlsx(client, scene):
    reach.store()
    yield "reach.xlsx", _get(client, scene["admin"], reverse("events:reach_xlsx"))


def _programme_results(client, scene):
    # Public: the funder's report is downloaded without an account.
    yield "results.xlsx", _get(client, None, reverse("programmes:report_xlsx", args=[scene["programme"].slug]))


def _survey_results(client, scene):
    url = reverse("surveys:results_xlsx", args=[scene["survey"].pk])
    yield "survey.xlsx", _get(client, scene["admin"], url)


# URL name → the files it serves. The template carries no editor's text.
EXPORTS = {
    "download": _downloads,
    "meter:plan_export": _plan_export,
    "meter:report_xlsx": _report,
    "meter:import_template": _template,
    "twinning:network_export": _twinning,
    "events:reach_csv": _reach_csv,
    "events:reach_xlsx": _reach_xlsx,
    "programmes:report_xlsx": _programme_results,
    "surveys:results_xlsx": _survey_results,
}
# The modules that use the helper → the file URLs they serve: each exporter declares its columns and sheets, the
# view sends them with the helper's response.
WRITERS = {
    "tabadul.api.downloads": {"download"},
    "tabadul.api.views": {"download"},
    "tabadul.meter.excel": {"meter:plan_export", "meter:import_template"},
    "tabadul.meter.report": {"meter:report_xlsx"},
    "tabadul.meter.views_manage": {"meter:plan_export", "meter:import_template", "meter:report_xlsx"},
    "tabadul.twinning.excel": {"twinning:network_export"},
    "tabadul.twinning.views": {"twinning:network_export"},
    "tabadul.events.reach": {"events:reach_csv", "events:reach_xlsx"},
    "tabadul.events.views": {"events:reach_csv", "events:reach_xlsx"},
    # The funder's report: report.py declares the sheets; the view sends them (and the PDF, results.pdf, its own way).
    "tabadul.programmes.report": {"programmes:report_xlsx"},
    "tabadul.programmes.views": {"programmes:report_xlsx"},
    # A survey's results: excel.py declares the sheets, the view sends them.
    "tabadul.surveys.excel": {"surveys:results_xlsx"},
    "tabadul.surveys.views": {"surveys:results_xlsx"},
}
# What an exporter would write its own way: the file types, a Content-Disposition header, a response of its own.
FILE_TYPES = re.compile(r"spreadsheetml|text/csv")
OWN_WAY = re.compile(rf"{FILE_TYPES.pattern}|Content-Disposition|HttpResponse|FileResponse")
RESPONSES = ("exports.csv_response(", "exports.xlsx_response(")


def test_every_writer_and_every_file_url_is_exported_below():
    assert {module for module, tree in _modules() if _imports_helper(tree)} == set(WRITERS)
    assert set(_file_urls()) == set(EXPORTS) == set().union(*WRITERS.values())


@pytest.mark.parametrize("module", sorted(WRITERS))
def test_each_exporter_writes_only_through_the_helper(module):
    """No exporter names a spreadsheet type; those that are not views build no response at all (views also send
    calendars and PDFs: each view of a file URL is checked below)."""
    source = Path(ROOT.parent, *module.split(".")).with_suffix(".py").read_text()
    assert not (FILE_TYPES if module.split(".")[-1].startswith("views") else OWN_WAY).findall(source), module


@pytest.mark.parametrize("url_name", sorted(EXPORTS))
def test_each_file_url_answers_with_the_helpers_response(url_name):
    source = inspect.getsource(inspect.unwrap(_file_urls()[url_name]))
    assert any(call in source for call in RESPONSES), url_name
    assert not OWN_WAY.findall(source), url_name


def _name_of(response) -> str:
    """The file name a browser saves: RFC 6266, the UTF-8 `filename*` when the name is not ASCII."""
    disposition = response["Content-Disposition"]
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''")[1])
    return disposition.split('filename="')[1].rstrip('"')


FILE_NAMES = {
    "download": r"tabadul-(bodies|plans|projects|events|documents|progress)\.(csv|xlsx)",
    "meter:plan_export": r"plan-[\w-]+-20\d\d-20\d\d\.xlsx",
    "meter:report_xlsx": r"report-[\w-]+-\d+\.xlsx",
    "meter:import_template": r"plan-template\.xlsx",
    "twinning:network_export": r"twinning-hostile-network\.xlsx",
    "events:reach_csv": r"reach\.csv",
    "events:reach_xlsx": r"reach\.xlsx",
    "programmes:report_xlsx": r"results-[\w-]+\.xlsx",
    "surveys:results_xlsx": r"survey-\d+-results\.xlsx",
}


@pytest.mark.parametrize("url_name", sorted(EXPORTS))
def test_each_file_is_an_attachment_with_a_safe_name_in_the_readers_language(client, scene, url_name, monkeypatch):
    """Same headers for every file: its type, attachment, a name made of letters, digits and hyphens."""
    sent = []
    monkeypatch.setattr(exports, "_attachment", _recording(exports._attachment, sent))
    with translation.override("en"):
        files = list(EXPORTS[url_name](client, scene))
    assert len(sent) == len(files)
    for response in sent:
        name = _name_of(response)
        assert re.fullmatch(FILE_NAMES[url_name], name), name
        assert response["Content-Type"] == {"csv": exports.CSV_TYPE, "xlsx": exports.XLSX_TYPE}[name.split(".")[1]]
        assert response["Content-Disposition"].startswith("attachment;") and response.streaming
    for label, content in files:
        if label.endswith(".xlsx"):
            for sheet in load_workbook(io.BytesIO(content)).worksheets:
                if url_name not in ("download", "meter:report_xlsx"):  # in the reader's language (the report is Arabic)
                    assert not sheet.sheet_view.rightToLeft, (label, sheet.title)


def _recording(attach, sent):
    def record(response, parts, extension):
        sent.append(attach(response, parts, extension))
        return sent[-1]

    return record


def test_file_names_are_safe_and_keep_arabic():
    assert exports.download_name(["../../etc/passwd"], "csv") == "etcpasswd.csv"
    assert exports.download_name(['a"b\r\nSet-Cookie: x=1', None, ""], "xlsx") == "ab-set-cookie-x1.xlsx"
    assert exports.download_name(["خطة", "beita", 2020, 2024], "xlsx") == "خطة-beita-2020-2024.xlsx"
    assert exports.download_name(["///"], "csv") == "tabadul.csv"
    with translation.override("ar"):
        assert exports.csv_response([], name=["الوصول"])["Content-Disposition"] == (
            "attachment; filename*=utf-8''%D8%A7%D9%84%D9%88%D8%B5%D9%88%D9%84.csv"
        )


def test_declared_columns_totals_and_values():
    rows = [SimpleNamespace(name="=1+1", plan=SimpleNamespace(body=None), budget=Decimal("1000.00"), share=0.5)]
    columns = [
        exports.Column("name", width=30),
        exports.Column("body", "plan.body.slug"),
        exports.Column("budget"),
        exports.Column("percent", lambda row: row.share * 100),
    ]
    when = timezone.make_aware(dt.datetime(2024, 5, 1, 10, 0), dt.UTC)
    sheet = exports.Sheet.of("a/b:c*[d]?", columns, rows, totals=[["Total", "", 1000, 50]], above=[[when]])
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(exports.xlsx_bytes(sheet)))
    (worksheet,) = workbook.worksheets
    assert worksheet.title == "a b c  d" and not worksheet.sheet_view.rightToLeft
    assert worksheet.column_dimensions["A"].width == 30
    assert [cell.value for cell in worksheet[2]] == ["name", "body", "budget", "percent"]
    assert all(cell.font.bold for cell in worksheet[2]) and all(cell.font.bold for cell in worksheet[4])
    assert [cell.value for cell in worksheet[3]] == ["=1+1", None, 1000, 50]
    assert worksheet["C3"].data_type == "n" and worksheet["A3"].quotePrefix and not worksheet["A3"].font.bold
    assert worksheet["A1"].value == dt.datetime(2024, 5, 1, 13, 0)  # Asia/Hebron's clock time (summer)
    lines = list(exports.csv_lines(exports.Sheet.of("s", columns, rows, above=[[when]]).lines()))
    assert lines[0] == "\ufeff2024-05-01 13:00:00+03:00\r\n" and lines[2] == "'=1+1,,1000.00,50.0\r\n"
    with translation.override("ar"):
        assert load_workbook(io.BytesIO(exports.xlsx_bytes(sheet))).active.sheet_view.rightToLeft


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_csv(content: bytes) -> tuple[set, list]:
    """(the hostile texts found, quoted; the numbers)."""
    text = content.decode()
    assert text.startswith("\ufeff")
    found, numbers = set(), []
    for row in csv.reader(io.StringIO(text[1:])):
        for cell in row:
            if cell.startswith("'"):
                found.add(cell[1:])
            elif _is_number(cell):
                numbers.append(cell)
            else:
                assert not formula_like(cell), cell
    return found & set(HOSTILE), numbers


def _read_xlsx(content: bytes) -> tuple[set, list]:
    found, numbers = set(), []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    found.add(cell.value)
                elif isinstance(cell.value, int | float):
                    numbers.append(cell.value)
    return found & set(HOSTILE), numbers


@pytest.mark.parametrize("url_name", EXPORTS)
def test_no_export_holds_a_live_formula(client, scene, url_name):
    for label, content in EXPORTS[url_name](client, scene):
        found, _numbers = (_read_csv if label.endswith(".csv") else _read_xlsx)(content)
        if url_name != "meter:import_template":
            assert HOSTILE[0] in found, label  # the HYPERLINK formula reached this file, as text


def test_every_hostile_text_is_exported_as_text(client, scene):
    found = set()
    for produce in EXPORTS.values():
        for label, content in produce(client, scene):
            found |= (_read_csv if label.endswith(".csv") else _read_xlsx)(content)[0]
    assert found == set(HOSTILE)


def test_negative_numbers_stay_numbers(client, scene):
    (_label, content), *_ = _report(client, scene)
    _found, numbers = _read_xlsx(content)
    assert any(number < 0 for number in numbers)  # "gained in the period"
    lines = list(exports.csv_lines([["budget", "percent"], [-5, Decimal("-2.5")], ["-2+3", -0.5]]))
    assert lines[1:] == ["-5,-2.5\r\n", "'-2+3,-0.5\r\n"]
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(exports.Sheet(title="s", header=[-1], rows=[[-5, -2.5]]))))
    assert [(cell.value, cell.data_type) for row in sheet.active.iter_rows() for cell in row] == [
        (-1, "n"),
        (None, "n"),
        (-5, "n"),
        (-2.5, "n"),
    ]


# --- The Meter import is a reader: what it brings in is escaped on the way out ------------------------------


def test_hostile_names_survive_the_plan_round_trip_unchanged(body):
    world = PlanWorld(body)
    for project, name in zip(world.projects, HOSTILE[:4], strict=True):
        meter_services.project_save(actor=world.editor, plan=world.plan, project=project, name_ar=name)
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=excel.export_plan(world.plan), dry_run=True)
    assert result.ok and all(counts["update"] == 0 for counts in result.counts.values()), result.changes


def test_an_imported_dde_payload_is_exported_as_text(client, body):
    world = PlanWorld(body)
    payload = "=cmd|' /C calc'!A0"
    workbook = load_workbook(io.BytesIO(excel.export_plan(world.plan)))
    workbook["projects"]["C2"] = payload
    workbook["projects"]["C2"].data_type = "s"  # typed as text in Excel (after an apostrophe)
    edited = io.BytesIO()
    workbook.save(edited)
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=edited.getvalue(), dry_run=False)
    assert result.ok, result.errors
    assert Project.objects.filter(plan=world.plan, name_ar=payload).exists()
    exported = excel.export_plan(world.plan)
    _read_xlsx(exported)  # no formula; formula-like text flagged as text
    assert payload in [cell.value for cell in load_workbook(io.BytesIO(exported))["projects"]["C"]]
    assert f"'{payload}" in _get(client, None, reverse("download", args=["projects", "csv"])).decode()


# --- safe_cell ------------------------------------------------------------------------------------------


def test_safe_cell_examples():
    assert [safe_cell(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]
    assert safe_cell("مشروع -2+3") == "مشروع -2+3"
    assert [safe_cell(n) for n in (-5, -2.5, Decimal("-1"), None, True)] == [-5, -2.5, Decimal("-1"), None, True]


risky_text = st.one_of(
    st.text(),
    st.builds(str.__add__, st.sampled_from([*SIGNS, "\t", "\r", "\n", " ", "\u00a0"]), st.text()),
)


@given(risky_text)
def test_no_text_leaves_safe_cell_starting_like_a_formula(text):
    result = safe_cell(text)
    assert result in (text, "'" + text)
    assert not result.lstrip().startswith(SIGNS) and not result.startswith(("\t", "\r", "\n"))
    assert (result != text) == formula_like(text)


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False)))
def test_numbers_pass_safe_cell_unchanged(number):
    assert safe_cell(number) is number


@settings(max_examples=40, deadline=None)
@given(st.lists(risky_text.filter(lambda t: not any(c < " " and c not in "\t\n\r" for c in t)), min_size=1))
def test_excel_keeps_any_text_as_text(texts):
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(exports.Sheet(title="s", header=["h"], rows=[texts])))).active
    for text, cell in zip(texts, sheet[2], strict=False):
        if text:
            assert cell.data_type == "s"
            assert cell.value == text.replace("\r\n", "\n").replace("\r", "\n")  # XML reads a CR as LF
            assert bool(cell.quotePrefix) == formula_like(text)
