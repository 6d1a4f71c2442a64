"""Where the projects are (issue 19): a project's point, the map drawn on the server, the map page and its list by
neighbourhood, the project form's map, the Excel columns, the optional tile server."""

import io
import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tabadul.accounts.tests.factories import TEST_PASSWORD
from tabadul.core.models import AuditEvent

from .. import excel, services
from .. import map as project_map
from ..models import Project
from .factories import make_project

pytestmark = pytest.mark.django_db

SALFIT = (Decimal("32.083900"), Decimal("35.179400"))


def _en(name, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _place(world, project, lat, lon, neighbourhood=""):
    return services.project_save(
        actor=world.editor,
        plan=world.plan,
        project=project,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        neighbourhood=neighbourhood,
    )


# --- The point on the model ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, field",
    [
        ({"latitude": Decimal("32.1")}, "longitude"),
        ({"longitude": Decimal("35.2")}, "latitude"),
        ({"latitude": Decimal("90.5"), "longitude": Decimal("35")}, "latitude"),
        ({"latitude": Decimal("32"), "longitude": Decimal("-180.01")}, "longitude"),
    ],
)
def test_a_point_needs_both_coordinates_within_range(world, values, field):
    project = world.projects[0]
    with pytest.raises(ValidationError) as error:
        services.project_save(actor=world.editor, plan=world.plan, project=project, **values)
    assert field in error.value.message_dict
    project.refresh_from_db()
    assert project.latitude is None and project.longitude is None


def test_the_database_refuses_half_a_point(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=world.projects[0].pk).update(latitude=Decimal("32"), longitude=None)


def test_a_point_is_saved_audited_and_cleared(world):
    project = _place(world, world.projects[0], "32.0839", "35.1794", "وسط البلد")
    project.refresh_from_db()
    assert (project.latitude, project.longitude, project.neighbourhood) == (*SALFIT, "وسط البلد")
    event = AuditEvent.objects.filter(action="meter.project.update").latest("pk")
    assert {"latitude", "longitude", "neighbourhood"} <= set(event.changes)
    services.project_save(actor=world.editor, plan=world.plan, project=project, latitude=None, longitude=None)
    project.refresh_from_db()
    assert not project.has_point


# --- The projection -----------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(min_value=29, max_value=33.5), st.floats(min_value=9, max_value=36)),
        min_size=1,
        max_size=30,
    )
)
def test_every_point_is_inside_its_frame_and_a_click_finds_it_again(points):
    frame = project_map.frame_around(points)
    assert frame.width == project_map.WIDTH and frame.width / 2 - 1 <= frame.height <= frame.width + 1
    for lat, lon in points:
        x, y = frame.project(lat, lon)
        assert 0 <= x <= frame.width and 0 <= y <= frame.height
        back = frame.point_at(x, y)
        assert back[0] == pytest.approx(lat, abs=1e-7) and back[1] == pytest.approx(lon, abs=1e-7)


def test_a_single_project_gets_a_town_sized_frame():
    frame = project_map.frame_around([SALFIT])
    (lat0, lon0), (lat1, lon1) = frame.point_at(0, 0), frame.point_at(frame.width, frame.height)
    metres_across = (lon1 - lon0) * 111_320 * 0.847  # cos(32°)
    assert 1_900 <= metres_across <= 2_100 and lat0 > lat1


def test_the_shipped_outlines_place_the_demo_towns_in_the_west_bank_and_libyan_cities_in_their_district():
    assert project_map.region_of(*SALFIT, country="PS").code == "PS-WBK"
    assert project_map.region_of(31.50, 34.45, country="PS").code == "PS-GZZ"  # Gaza city
    assert project_map.region_of(32.11, 20.07, country="LY").code == "LY-BA"  # Benghazi
    assert project_map.region_of(31.95, 35.93, country="PS") is None  # Amman is not in Palestine
    assert {o.country for o in project_map.outlines()} == {"PS", "LY"}


# --- The map page -------------------------------------------------------------------------------------------------


@pytest.fixture
def mapped(world):
    """Three of the four projects placed in Salfit, two in a named neighbourhood; the fourth has no point."""
    _place(world, world.projects[0], "32.0839", "35.1794", "وسط البلد")
    _place(world, world.projects[1], "32.0861", "35.1822", "وسط البلد")
    _place(world, world.projects[2], "32.0812", "35.1760")
    return world


def test_the_map_page_shows_each_placed_project_as_a_link_and_lists_every_project_by_neighbourhood(client, mapped):
    response = client.get(_en("meter:plan_map", mapped.plan.pk))
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg id=\"project-map\".*?</svg>", html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" class="marker marker-\w+" aria-label="([^"]+)"', svg)
    placed = mapped.projects[:3]
    assert sorted(url for url, _label in links) == sorted(p.get_absolute_url() for p in placed)
    for project in placed:
        assert any(project.name_ar in label for url, label in links if url == project.get_absolute_url())
    assert 'role="group"' not in svg and 'aria-labelledby="' in svg  # no role the Nu checker refuses on <svg>
    assert "<title" in svg and 'class="map-area"' in svg  # the West Bank's outline
    # The list: every project once, under its neighbourhood; the unnamed ones last.
    listed = re.findall(r'href="(/en/meter/projects/\d+/)"', html.split("Projects by neighbourhood", 1)[1])
    assert sorted(listed) == sorted(p.get_absolute_url() for p in mapped.projects)
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h3 id="nb-\d+">(.*?)</h3>', html)]
    assert headings == ["وسط البلد", "Neighbourhood not given"]
    assert "3 of 4 projects are on the map." in re.sub(r"</?bdi>", "", html) and "(not on the map)" in html


def test_the_map_page_uses_no_outside_host_by_default_and_stays_under_100_kb(client, world):
    for i in range(4, 60):  # a plan as large as the demo's largest
        project = make_project(
            actor=world.editor,
            plan=world.plan,
            goal=world.goals[i % 2],
            status=world.statuses["in_progress"],
            external_id=f"P{i:03d}",
            name_ar=f"إنشاء شبكة صرف صحي وتأهيل الطرق في الحي رقم {i}",
        )
        _place(world, project, f"32.08{i:02d}", f"35.17{i:02d}", f"حي رقم {i % 6}")
    response = client.get(_en("meter:plan_map", world.plan.pk))
    html = response.content.decode()
    assert len(re.findall(r'class="marker marker-', html)) == 56
    assert len(response.content) <= 100_000, len(response.content)
    outside = [u for u in re.findall(r'(?:src|href)="(https?://[^"]+)"', html)]
    assert outside == []
    assert "img-src 'self' data:;" in response["Content-Security-Policy"].replace(" ;", ";") or (
        "img-src 'self' data:" in response["Content-Security-Policy"]
    )


def test_the_map_page_without_points_says_so_and_its_queries_do_not_grow(client, world, django_assert_max_num_queries):
    html = client.get(_en("meter:plan_map", world.plan.pk)).content.decode()
    assert "No project of this plan has a place on the map yet." in html and '<svg id="project-map"' not in html
    from django.core.cache import cache

    from tabadul.meter.cache import forget_memo

    for i, project in enumerate(world.projects):
        _place(world, project, f"32.08{i}", f"35.17{i}")
    cache.clear()
    forget_memo()
    with django_assert_max_num_queries(12) as few:
        client.get(_en("meter:plan_map", world.plan.pk))
    for i in range(4, 30):
        project = make_project(
            actor=world.editor,
            plan=world.plan,
            goal=world.goals[0],
            status=world.statuses["in_progress"],
            external_id=f"P{i:03d}",
            latitude=Decimal(f"32.08{i}"),
            longitude=Decimal(f"35.17{i}"),
        )
    cache.clear()
    forget_memo()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_en("meter:plan_map", world.plan.pk))
    assert response.content.decode().count('class="marker marker-') == 30


def test_a_draft_plans_map_is_not_public(client, body):
    from .conftest import PlanWorld

    world = PlanWorld(body)
    services.plan_set_status(actor=world.approver, plan=world.plan, status="draft")
    assert client.get(_en("meter:plan_map", world.plan.pk)).status_code == 404


def test_the_plan_pages_link_to_the_map(client, mapped):
    for url in (_en("meter:plan_detail", mapped.plan.pk), _en("meter:project_list", mapped.plan.pk)):
        assert _en("meter:plan_map", mapped.plan.pk) in client.get(url).content.decode()


def test_the_project_page_has_a_small_map_only_when_the_project_has_a_point(client, mapped):
    placed = client.get(_en("meter:project_detail", mapped.projects[0].pk)).content.decode()
    assert '<svg id="project-map"' in placed and 'class="marker marker-' in placed
    assert '<a href="/en/meter/projects/' not in re.search(r"<svg id=\"project-map\".*?</svg>", placed, re.S).group(0)
    assert "وسط البلد" in placed and _en("meter:plan_map", mapped.plan.pk) in placed
    others = sum(1 for project in mapped.projects[1:] if project.has_point)
    assert others and placed.count('class="map-other"') == others  # the plan's other placed projects, for context
    unplaced = client.get(_en("meter:project_detail", mapped.projects[3].pk)).content.decode()
    assert '<svg id="project-map"' not in unplaced


def test_a_tile_server_when_configured_draws_tiles_under_the_map(client, mapped, settings):
    settings.METER_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.METER_MAP_TILE_ATTRIBUTION = "© Example tiles"
    html = client.get(_en("meter:plan_map", mapped.plan.pk)).content.decode()
    tiles = re.findall(r'<image href="https://tiles\.example\.org/(\d+)/(\d+)/(\d+)\.png"', html)
    assert 1 <= len(tiles) <= project_map.MAX_TILES
    zoom, x, y = map(int, tiles[0])
    lat, lon = float(SALFIT[0]), float(SALFIT[1])
    mx, my = project_map.mercator(lat, lon)
    assert zoom >= 14 and any(int(tx) == int(mx * 2**zoom) and int(ty) == int(my * 2**zoom) for _z, tx, ty in tiles)
    assert "© Example tiles" in html


def test_the_content_security_policy_allows_the_tile_host_only_when_configured():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tabadul.settings.test'; django.setup();"
        "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    import os

    def img_src(url):
        env = {**os.environ, "METER_MAP_TILE_URL": url}
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip()

    assert img_src("") == "[\"'self'\", 'data:']"
    assert img_src("https://tiles.example.org/{z}/{x}/{y}.png") == (
        "[\"'self'\", 'data:', 'https://tiles.example.org']"
    )


# --- The project form ---------------------------------------------------------------------------------------------


def _form_data(project, **changes):
    data = {
        "external_id": project.external_id,
        "goal": project.goal_id,
        "name_ar": project.name_ar,
        "name_en": "",
        "description": "",
        "sector": project.sector,
        "location": project.location,
        "neighbourhood": "",
        "latitude": "",
        "longitude": "",
        "department": project.department,
        "budget": "250000",
        "funding_source": project.funding_source,
        "start_date": "2023-01-01",
        "end_date": "2026-12-31",
        "weight": "1",
        "status": project.status_id,
        "version": project.version,
    }
    data.update(changes)
    return data


def test_the_project_form_takes_coordinates_in_arabic_digits_and_shows_a_map_to_pick(client, world):
    project = world.projects[0]
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    url = _en("meter:project_edit", world.plan.pk, project.pk)
    page = client.get(url).content.decode()
    assert "data-map-pick" in page and "js/map-pick.js" in page and 'name="latitude"' in page
    response = client.post(url, _form_data(project, latitude="٣٢٫٠٨٣٩", longitude="٣٥٫١٧٩٤", neighbourhood="الظهر"))
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert (project.latitude, project.longitude, project.neighbourhood) == (*SALFIT, "الظهر")
    # The form's map is now framed around the plan's points.
    frame = re.search(r'data-x0="([^"]+)" data-y0="([^"]+)" data-scale="([^"]+)"', client.get(url).content.decode())
    x0, y0, scale = map(float, frame.groups())
    picked = project_map.Frame(x0, y0, scale, 600, 600).point_at(
        *project_map.Frame(x0, y0, scale, 600, 600).project(*SALFIT)
    )
    assert picked[0] == pytest.approx(32.0839, abs=1e-6)


def test_the_project_form_refuses_half_a_point_with_a_translated_message(client, world):
    project = world.projects[0]
    client.login(username=world.editor.username, password=TEST_PASSWORD)
    response = client.post(_en("meter:project_edit", world.plan.pk, project.pk), _form_data(project, latitude="32.08"))
    assert response.status_code == 200
    assert "Give both the latitude and the longitude, or neither." in response.content.decode()
    project.refresh_from_db()
    assert project.latitude is None


# --- Excel --------------------------------------------------------------------------------------------------------


def _rows_with(content: bytes, external_id: str, **cells) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["projects"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == external_id)
    for name, value in cells.items():
        sheet.cell(row, header.index(name) + 1, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), row


def test_the_excel_columns_carry_the_point_round_trip_and_arabic_digits(world):
    _place(world, world.projects[0], "32.0839", "35.1794", "وسط البلد")
    content = excel.export_plan(world.plan)
    header = [cell.value for cell in load_workbook(io.BytesIO(content))["projects"][1]]
    assert header[-3:] == ["neighbourhood", "latitude", "longitude"]
    unchanged = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=True)
    assert unchanged.ok and unchanged.changes == [], unchanged.changes
    edited, row = _rows_with(content, "P001", latitude="٣٢٫٠٨٦١", longitude="٣٥٫١٨٢٢", neighbourhood="حي الظهر")
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=edited, dry_run=False)
    assert result.ok, result.errors
    assert result.changes == [["projects", row, "P001", "update", ["latitude", "longitude", "neighbourhood"]]]
    project = Project.objects.get(pk=world.projects[1].pk)
    assert (project.latitude, project.longitude) == (Decimal("32.0861"), Decimal("35.1822"))


def test_a_file_without_the_new_columns_still_imports_and_keeps_the_points(world):
    _place(world, world.projects[0], "32.0839", "35.1794", "وسط البلد")
    workbook = load_workbook(io.BytesIO(excel.export_plan(world.plan)))
    workbook["projects"].delete_cols(len(excel.PROJECT_COLUMNS) + 1, 3)
    out = io.BytesIO()
    workbook.save(out)
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=out.getvalue(), dry_run=False)
    assert result.ok and result.changes == [], (result.errors, result.changes)
    project = Project.objects.get(pk=world.projects[0].pk)
    assert (project.latitude, project.longitude, project.neighbourhood) == (*SALFIT, "وسط البلد")


@pytest.mark.parametrize(
    "cells, message",
    [
        ({"latitude": "32.08"}, "Give both latitude and longitude, or leave both empty."),
        ({"latitude": "95", "longitude": "35.1"}, "latitude must be between -90 and 90 degrees."),
        ({"latitude": "32.1", "longitude": "شرق"}, "longitude must be a number of degrees, like 32.0833."),
    ],
)
def test_wrong_coordinates_get_a_row_numbered_translated_error_and_nothing_is_saved(world, cells, message):
    content, row = _rows_with(excel.export_plan(world.plan), "P002", **cells)
    with translation.override("en"):
        result = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=False)
    assert result.errors == [["projects", row, message]] and not result.applied
    assert not Project.objects.filter(plan=world.plan, latitude__isnull=False).exists()


# --- The demo -----------------------------------------------------------------------------------------------------


def test_the_demo_points_lie_near_their_town_and_only_true_neighbourhoods_are_named():
    from tabadul.demo import meter as demo

    for slug, (lat, lon) in demo.CENTRES.items():
        assert project_map.region_of(lat, lon, country="PS").code == "PS-WBK", slug
        for place in ("وسط البلد", "حي الظهر"):
            plat, plon = demo._point(slug, place, "G1-01")
            assert abs(float(plat) - lat) < 0.005 and abs(float(plon) - lon) < 0.006
            assert demo._point(slug, place, "G1-01") == (plat, plon)  # deterministic
    assert "حي الظهر" not in demo.NEIGHBOURHOODS


def test_outlines_file_names_its_source():
    data = json.loads(project_map.OUTLINES_PATH.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"]
    assert (project_map.OUTLINES_PATH.parent / "NOTICE.md").exists()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 60), st.floats(0, 60)), min_size=1, max_size=25))
def test_markers_are_spread_so_that_none_hides_another(positions):
    drawn = project_map.spread(positions)
    gap = 2 * project_map.MARKER_RADIUS + 2
    for i, (x, y) in enumerate(drawn):
        for px, py in drawn[:i]:
            assert (x - px) ** 2 + (y - py) ** 2 >= gap * gap - 1e-6
    assert drawn[0] == positions[0]  # the first stays where it is
