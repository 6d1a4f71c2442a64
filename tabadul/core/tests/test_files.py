"""Uploaded files (security #15, items 1 and 2).

Every file field of every model is enumerated: each must be the project's PrivateFileField (private storage, the
one upload check, a view permission that exists), refuse pages and scripts, store polyglots under their real type
(or refuse them), and get a random stored name. Every model with a file has an owner built below through the
services, and the file is sent only by the checked view: 404 to an anonymous visitor unless the owner is public.
"""

import importlib
import io
import re
from datetime import date
from pathlib import Path, PurePosixPath

import openpyxl
import pytest
import rules
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, clear_url_caches, get_resolver, resolve
from django.urls.resolvers import URLPattern, URLResolver
from django.views.static import serve
from PIL import Image

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.files import (
    FILE_CSP,
    PrivateFileField,
    UploadField,
    private_file_fields,
    private_storage,
)
from tabadul.directory.tests.factories import LocalBodyFactory

pytestmark = pytest.mark.django_db

FILE_FIELDS = sorted(private_file_fields(), key=lambda pair: (pair[0]._meta.label_lower, pair[1].name))
FIELD_IDS = [f"{model._meta.label_lower}.{field.name}" for model, field in FILE_FIELDS]
ROOT = Path(__file__).resolve().parents[3]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PDF_HTML_POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"
HOSTILE = [
    ("page.html", b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"),
    ("page.pdf", b"\xef\xbb\xbf<html><script>alert(1)</script></html>"),
    ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'),
    ("photo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("app.js", b"fetch('/accounts/profile/').then(r => r.text()).then(alert);\n"),
    ("notes.txt", b"alert(1)//"),
]


def picture(fmt: str, *, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    options = {"comment": comment} if comment else {}
    Image.new("RGB", (40, 30), (200, 80, 20)).save(out, format=fmt, **options)
    return out.getvalue()


def workbook() -> bytes:
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["goal", "weight"])
    book.save(out)
    return out.getvalue()


SCRIPT = b"<script>alert(document.domain)</script>"
# A GIF whose comment and trailing bytes are a script, and a JPEG with a <script> comment and a page after its end.
GIF_JS_POLYGLOT = picture("GIF", comment=SCRIPT) + b"/*" + SCRIPT + b"*/"
JPEG_WITH_SCRIPT = picture("JPEG", comment=SCRIPT) + b"<html>" + SCRIPT
SAMPLES = {"pdf": (PDF, ".pdf"), "png": (picture("PNG"), ".png"), "xlsx": (workbook(), ".xlsx")}


def accepted_sample(field: PrivateFileField) -> tuple[bytes, str]:
    for kind, sample in SAMPLES.items():
        if kind in field.upload_check.kinds:
            return sample
    raise AssertionError(f"no sample for {field}")


# --- Every file field ------------------------------------------------------------------------------------------


def test_the_models_have_file_fields():
    assert len(FILE_FIELDS) >= 9, FIELD_IDS


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=FIELD_IDS)
def test_every_file_field_is_private_checked_and_has_a_permission(model, field):
    assert isinstance(field, PrivateFileField), "use tabadul.core.files.PrivateFileField for every file"
    assert field.storage is private_storage
    assert field.upload_check in field.validators
    assert field.upload_check.kinds and not {"svg", "html", "txt"} & set(field.upload_check.kinds)
    assert field.permission and rules.perm_exists(field.permission), f"{field.permission} is not in a rules.py"
    form_field = field.formfield()
    assert isinstance(form_field, UploadField) and form_field.check is field.upload_check


@pytest.mark.parametrize(("name", "data"), HOSTILE, ids=[name for name, _data in HOSTILE])
@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=FIELD_IDS)
def test_no_file_field_takes_a_page_or_a_script(model, field, name, data):
    with pytest.raises(ValidationError):
        field.upload_check.check(SimpleUploadedFile(name, data, content_type="image/png"))


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=FIELD_IDS)
def test_a_pdf_named_html_is_stored_as_pdf_or_refused(model, field):
    upload = SimpleUploadedFile("x.html", PDF_HTML_POLYGLOT, content_type="text/html")
    if "pdf" not in field.upload_check.kinds:
        with pytest.raises(ValidationError):
            field.upload_check.check(upload)
        return
    stored = getattr(model(), field.attname)
    stored.save("x.html", upload, save=False)
    assert stored.name.endswith(".pdf") and ".htm" not in stored.name


@pytest.mark.parametrize("data", [GIF_JS_POLYGLOT, JPEG_WITH_SCRIPT], ids=["gif-js", "jpeg-script"])
@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=FIELD_IDS)
def test_a_script_in_a_picture_is_drawn_away_or_refused(model, field, data):
    upload = SimpleUploadedFile("photo.gif", data, content_type="image/gif")
    if "jpeg" not in field.upload_check.kinds:
        with pytest.raises(ValidationError):
            field.upload_check.check(upload)
        return
    assert SCRIPT in data
    stored = getattr(model(), field.attname)
    stored.save("photo.gif", upload, save=False)
    content = Path(stored.path).read_bytes()
    assert b"<script" not in content and b"alert" not in content
    assert PurePosixPath(stored.name).suffix in (".jpg", ".png")
    with Image.open(io.BytesIO(content)) as image:
        image.load()


@pytest.mark.parametrize(("model", "field"), FILE_FIELDS, ids=FIELD_IDS)
def test_stored_names_are_random_never_the_uploaders(model, field):
    data, extension = accepted_sample(field)
    names = []
    for _round in range(2):
        stored = getattr(model(), field.attname)
        stored.save("plan-of-salfit.html", SimpleUploadedFile("plan-of-salfit.html", data), save=False)
        names.append(stored.name)
        assert re.fullmatch(rf"{re.escape(field.folder)}/[A-Za-z0-9_-]{{24}}{re.escape(extension)}", stored.name)
        assert Path(private_storage.path(stored.name)).is_file()
    assert names[0] != names[1]


# --- Owners of every kind of file, built through the services ----------------------------------------------------


def _pdf(name="document.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _meter_world(*, published=True):
    from tabadul.meter.tests.factories import make_goal, make_plan, make_project, make_statuses, staff

    body = LocalBodyFactory()
    editor, approver = staff(body)
    statuses = make_statuses(actor=editor, body=body)
    plan = make_plan(actor=editor, body=body, approver=approver, published=published)
    goal = make_goal(actor=editor, plan=plan)
    project = make_project(actor=editor, plan=plan, goal=goal, status=statuses["in_progress"])
    return body, editor, approver, plan, project


def pending_evidence():
    from tabadul.meter import services

    _body, editor, _approver, _plan, project = _meter_world()
    update = services.progress_submit(actor=editor, project=project, percent=10, date=date(2024, 5, 1), files=[_pdf()])
    return update.evidence.get(), "file", False


def published_evidence():
    from tabadul.meter import services

    _body, editor, approver, _plan, project = _meter_world()
    update = services.progress_submit(actor=editor, project=project, percent=10, date=date(2024, 5, 1), files=[_pdf()])
    services.progress_publish(actor=approver, update=update)
    return update.evidence.get(), "file", True


def draft_plan_import_workbook():
    from tabadul.meter import excel

    _body, editor, _approver, plan, _project = _meter_world(published=False)
    upload = SimpleUploadedFile("plan.xlsx", excel.export_plan(plan))
    return excel.import_job_create(actor=editor, plan=plan, upload=upload), "file", False


def news_image():
    from tabadul.meter import services

    body, editor, *_rest = _meter_world()
    post = services.post_save(
        actor=editor, body=body, kind="news", title="افتتاح الحديقة", image=SimpleUploadedFile("a.png", picture("PNG"))
    )
    return post, "image", True


def body_logo():
    from tabadul.directory import services

    body = LocalBodyFactory()
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    services.local_body_update(actor=editor, body=body, logo=SimpleUploadedFile("logo.png", picture("PNG")))
    return body, "logo", True


def programme_logo():
    from tabadul.programmes import services
    from tabadul.programmes.models import Programme

    programme = Programme.objects.create(slug="programme", name_ar="برنامج", name_en="Programme")
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    services.programme_page_update(
        actor=admin, programme=programme, logo=SimpleUploadedFile("logo.png", picture("PNG"))
    )
    return programme, "logo", True  # public like the programme's page (programmes.view_logo)


def initiative_attachment():
    from tabadul.hubs import services
    from tabadul.hubs.tests.conftest import make_hub

    hub = make_hub(slug="innovation", reviews_initiatives=True)
    body = LocalBodyFactory()
    initiative = services.initiative_submit(
        actor=make_user(body=body),
        hub=hub,
        body=body,
        attachments=[_pdf("idea.pdf")],
        title="فرز النفايات من المصدر",
        problem="تكدس النفايات",
        solution="حاويات ملونة",
        contact_name="منسق المبادرة",
    )
    return initiative.attachments.get(), "file", False


def question_attachment():
    from tabadul.qa import services
    from tabadul.qa.tests.factories import TopicFactory

    question = services.question_ask(
        actor=make_user(body=LocalBodyFactory()),
        title="كيف نحسب رسوم النفايات؟",
        text="تفاصيل",
        topics=[TopicFactory()],
        files=[_pdf("budget.pdf")],
    )
    return question.attachments.get(), "file", False


def private_library_version():
    from tabadul.library.models import Document
    from tabadul.library.tests.factories import make_document

    body = LocalBodyFactory()
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    document = make_document(actor=editor, author_bodies=[body], visibility=Document.Visibility.PRIVATE)
    return document.current_version, "file", False


def invitation_only_event_document():
    from tabadul.events import services
    from tabadul.events.models import Event
    from tabadul.events.tests.conftest import make_event

    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    event = make_event(admin, visibility=Event.Visibility.INVITATION)
    return services.event_document_add(actor=admin, event=event, title="ورقة العمل", file=_pdf()), "file", False


def twinning_group_document():
    from tabadul.twinning import services
    from tabadul.twinning.tests.conftest import foreign_body, make_group

    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    facilitator = make_user()
    bodies = [LocalBodyFactory(), foreign_body("JO")]
    network = services.network_create(
        actor=admin,
        name_ar="شبكة",
        name_en="Network",
        slug="network",
        facilitating_organisation="CMI",
        members=bodies,
        facilitators=[facilitator],
    )
    group = make_group(actor=admin, network=network, members=bodies, facilitator=facilitator)
    return services.document_upload(actor=facilitator, group=group, title="الخطة", file=_pdf()), "file", False


OWNERS = {
    "meter.evidence.file (pending)": pending_evidence,
    "meter.evidence.file (published)": published_evidence,
    "meter.importjob.file": draft_plan_import_workbook,
    "meter.post.image": news_image,
    "directory.localbody.logo": body_logo,
    "programmes.programme.logo": programme_logo,
    "hubs.initiativeattachment.file": initiative_attachment,
    "qa.questionattachment.file": question_attachment,
    "library.documentversion.file": private_library_version,
    "events.eventdocument.file": invitation_only_event_document,
    "twinning.groupdocument.file": twinning_group_document,
}


def test_every_file_field_has_an_owner_below():
    assert {key.split(" ")[0] for key in OWNERS} == set(FIELD_IDS)


@pytest.mark.parametrize("key", sorted(OWNERS))
def test_a_file_is_sent_only_by_the_checked_view_and_only_to_whom_its_owner_allows(client, key):
    owner, field_name, public = OWNERS[key]()
    stored = getattr(owner, field_name)
    assert resolve(stored.url).url_name == "private_file"
    field = owner._meta.get_field(field_name)
    assert re.fullmatch(rf"{re.escape(field.folder)}/[A-Za-z0-9_-]{{24}}\.[a-z]+", stored.name)  # no id, no name
    response = client.get(stored.url)
    if public:
        assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=3600"
    else:
        assert response.status_code == 404
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    response = client.get(stored.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(stored.path).read_bytes()
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == FILE_CSP
    if not public:
        assert response["Cache-Control"] == "private, no-store"


def test_headers_inline_only_for_images_and_pdf(client):
    workbook_job, field_name, _public = draft_plan_import_workbook()
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    response = client.get(workbook_job.file.url)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment") and response["Content-Disposition"].endswith(
        '.xlsx"'
    )
    logo_owner, field_name, _public = body_logo()
    response = client.get(logo_owner.logo.url)
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline")
    evidence, _field, _public = pending_evidence()
    response = client.get(evidence.file.url)
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"] == (
        'inline; filename="document.pdf"'
    )


def test_with_the_accel_prefix_nginx_sends_the_bytes(client, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/_protected/"
    evidence, _field, _public = pending_evidence()
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    response = client.get(evidence.file.url)
    assert response.status_code == 200 and not response.streaming and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected/{evidence.file.name}"
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_CSP and response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(evidence.file.url).status_code == 404  # the check still comes first


def test_an_address_that_is_not_a_current_file_is_404(client):
    logo_owner, _field, _public = body_logo()
    url = logo_owner.logo.url
    assert client.get(url).status_code == 200
    for wrong in (
        url.replace(PurePosixPath(logo_owner.logo.name).name, "other.png"),
        url.replace("directory.localbody", "accounts.user"),
        url.replace("/logo/", "/name_ar/"),
        url.replace("directory.localbody", "nothing.here"),
    ):
        assert client.get(wrong).status_code == 404, wrong


# --- Nothing else serves files ------------------------------------------------------------------------------------


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


@pytest.mark.parametrize("path", ["/media/x.png", "/media/meter/imports/2026/05/plan-1.xlsx", "/en/media/a.pdf"])
def test_no_media_address_resolves(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_no_url_pattern_serves_a_directory_not_even_in_debug(settings):
    """The URL configuration read again with DEBUG on (development used to serve MEDIA_ROOT at /media/ then)."""
    settings.DEBUG = True
    urls = importlib.reload(importlib.import_module("tabadul.urls"))
    try:
        assert not [p for p in _patterns(urls.urlpatterns) if p.callback is serve]
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()
    assert not [p for p in _patterns(get_resolver().url_patterns) if p.callback is serve]


# Generated downloads (CSV/Excel exports built in memory) are not uploads; they may send bytes themselves.
SENDS_GENERATED_FILES = {"tabadul/core/exports.py"}


def test_one_place_builds_the_response_of_a_stored_file():
    senders = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tabadul").rglob("*.py")
        if "tests" not in path.parts and re.search(r"FileResponse\(|X-Accel-Redirect\"\]", path.read_text())
    }
    assert senders == {"tabadul/core/files.py", *SENDS_GENERATED_FILES}


# --- Moving the old files ---------------------------------------------------------------------------------------


def _migration(app: str, name: str):
    return importlib.import_module(f"tabadul.{app}.migrations.{name}")


def test_the_migration_moves_old_public_files_under_new_random_names(settings):
    evidence, _field, _public = pending_evidence()
    old = "meter/evidence/2024/05/محضر.jpg"
    source = Path(settings.MEDIA_ROOT) / old
    source.parent.mkdir(parents=True)
    source.write_bytes(JPEG_WITH_SCRIPT)
    type(evidence).objects.filter(pk=evidence.pk).update(file=old)
    attachment, _field, _public = initiative_attachment()
    page = Path(settings.MEDIA_ROOT) / "hubs/initiatives/x.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(HOSTILE[0][1])
    type(attachment).objects.filter(pk=attachment.pk).update(file="hubs/initiatives/x.html")

    _migration("meter", "0005_private_files").move_files(apps, None)
    _migration("hubs", "0003_private_files").move_files(apps, None)

    evidence.refresh_from_db()
    assert not source.exists() and re.fullmatch(r"meter/evidence/[A-Za-z0-9_-]{24}\.jpg", evidence.file.name)
    moved = Path(private_storage.path(evidence.file.name)).read_bytes()
    assert b"<script" not in moved and moved.startswith(b"\xff\xd8\xff")
    attachment.refresh_from_db()
    assert not page.exists() and re.fullmatch(r"hubs/initiatives/[A-Za-z0-9_-]{24}\.bin", attachment.file.name)
    assert Path(private_storage.path(attachment.file.name)).read_bytes() == HOSTILE[0][1]  # kept, never shown

    _migration("meter", "0005_private_files").move_files(apps, None)  # a second run changes nothing
    assert type(evidence).objects.get(pk=evidence.pk).file.name == evidence.file.name


def test_the_migration_moves_files_of_the_former_private_folders(settings, tmp_path):
    settings.EVENT_FILES_ROOT = tmp_path / "event-files"
    document, _field, _public = invitation_only_event_document()
    old = f"{document.event_id}/0123456789abcdef0123456789abcdef/ورقة عمل.pdf"
    (settings.EVENT_FILES_ROOT / old).parent.mkdir(parents=True)
    (settings.EVENT_FILES_ROOT / old).write_bytes(PDF)
    type(document).objects.filter(pk=document.pk).update(file=old)
    version, _field, _public = private_library_version()
    library_old = Path(settings.MEDIA_ROOT).parent / "library-files" / f"library/{version.document_id}/a.pdf"
    library_old.parent.mkdir(parents=True)
    library_old.write_bytes(PDF)
    type(version).objects.filter(pk=version.pk).update(file=f"library/{version.document_id}/a.pdf")

    _migration("events", "0004_private_files").move_files(apps, None)
    _migration("library", "0003_private_files").move_files(apps, None)

    document.refresh_from_db()
    version.refresh_from_db()
    assert re.fullmatch(r"events/documents/[A-Za-z0-9_-]{24}\.pdf", document.file.name)
    assert re.fullmatch(r"library/[A-Za-z0-9_-]{24}\.pdf", version.file.name)
    assert not library_old.exists() and not (settings.EVENT_FILES_ROOT / old).exists()
    assert Path(document.file.path).read_bytes() == PDF == Path(version.file.path).read_bytes()
