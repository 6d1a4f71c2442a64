"""Hostile input: every form reachable from the pages, the search and the API query parameters receive XSS payloads,
SQL-looking strings, right-to-left overrides, 100 KB strings, NUL bytes and mixed Arabic/Latin text; upload forms
receive a zip bomb, an image declaring 50000×50000 pixels and polyglot files.

Checks: never a 5xx; a page that shows the value escapes it (the raw markup never appears); a stored upload is never
served back with a type a browser would execute inline.
"""

import io
import struct
import zipfile
import zlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .matrix import (
    world_fixture,
)
from .test_permission_matrix import MATRIX

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CORPUS = [
    SCRIPT,
    IMG,
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE directory_localbody; --",
    "\u202etxt.exe\u202c بلدية",
    "x" * 100_000,
    "abc\x00def",
    "بلدية<script>alert(1)</script>",
    "{{ 7|add:7 }} {% now 'Y' %} ${7*7}",
]
SAMPLE = [SCRIPT, IMG, "abc\x00def"]  # on the forms that are not key forms
# Forms that get the whole corpus (action path fragments): public and staff forms where people type most.
KEY_FORMS = ("/questions/ask/", "/feedback/", "/discussions/", "/library/new/", "/events/new/", "/search/", "/edit/")
# Never POST to these from the corpus: they end the session or change the language of the client.
SKIP_ACTIONS = ("/accounts/sign-out/", "/language/", "/accounts/password-reset/", "/accounts/sign-in/")
# Real bugs found by this corpus, each with its own strict xfail test below: {(action, role): reason}.
KNOWN_500: dict[tuple[str, str], str] = {}
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror", 'href="javascript:', "href='javascript:")
EXECUTABLE_TYPES = ("text/html", "image/svg+xml", "application/javascript", "text/javascript", "application/xhtml")

world = pytest.fixture(scope="module", name="world")(world_fixture)


# --- Form discovery -------------------------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """POST forms of a page: action, fields (name, kind, value, options) and links (href)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self._form, self._select, self._textarea = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "multipart": "multipart" in (attrs.get("enctype") or ""),
                "fields": [],
            }
            self.forms.append(self._form)
        if tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select["value"] = attrs.get("value", "")
        if self._form is None or not attrs.get("name"):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs and kind == "checkbox":
                kind = "checkbox-off"
            self._form["fields"].append({"name": attrs["name"], "kind": kind, "value": attrs.get("value", "")})
        elif tag == "textarea":
            self._form["fields"].append({"name": attrs["name"], "kind": "textarea", "value": ""})
        elif tag == "select":
            self._select = {"name": attrs["name"], "kind": "select", "value": "", "options": []}
            self._select["multiple"] = "multiple" in attrs
            self._form["fields"].append(self._select)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


TEXT_KINDS = {"text", "textarea", "search"}


def valid_data(form) -> dict:
    """Values that a person would plausibly type: the payload goes in the text fields on top of these."""
    data = {}
    names = [field["name"] for field in form["fields"]]
    for field in form["fields"]:
        name, kind = field["name"], field["kind"]
        if kind == "checkbox-off" and names.count(name) > 1 and name not in data:
            data[name] = field["value"]  # a multiple choice: tick the first one
            continue
        if kind in ("file", "submit", "checkbox-off", "button", "image", "reset"):
            continue
        if kind == "select":
            options = [o for o in field["options"] if o]
            if field["value"] or options:
                data[name] = field["value"] or options[0]
        elif kind in ("hidden", "checkbox", "radio"):
            data.setdefault(name, field["value"] or "on")
        elif kind == "number":
            data[name] = field["value"] or ("2025" if "year" in name else "1")
        elif kind == "date":
            data[name] = field["value"] or "2026-03-15"
        elif kind == "datetime-local":
            data[name] = field["value"] or "2026-03-15T10:00"
        elif kind == "time":
            data[name] = field["value"] or "10:00"
        elif kind == "fixed":
            data[name] = field["value"]
        elif kind == "email":
            data[name] = "hostile@example.org"
        elif kind == "url":
            data[name] = "https://example.org/"
        elif kind == "password":
            data[name] = "a-Long-passw0rd-!"
        else:
            data[name] = field["value"] or "نص تجريبي"
    return data


# --- Uploads --------------------------------------------------------------------------------------------------------


def zip_bomb(name: str) -> bytes:
    """A small Office file (about 150 KB) whose main part expands to 150 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        part = "word/document.xml" if name.endswith(".docx") else "xl/worksheets/sheet1.xml"
        with archive.open(part, "w", force_zip64=True) as stream:
            chunk = b"\0" * (1 << 20)
            for _ in range(150):
                stream.write(chunk)
    return buffer.getvalue()


def huge_png() -> bytes:
    """A valid PNG header declaring 50000×50000 pixels with one tiny compressed row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    )


POLYGLOT_GIF = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/<script>alert(1)</script><html><body onload=alert(1)>"
PDF_WITH_JS = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n<html><script>alert(1)</script></html>"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def hostile_files():
    return [
        ("bomb.docx", zip_bomb("bomb.docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bomb.xlsx", zip_bomb("bomb.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("huge.png", huge_png(), "image/png"),
        ("polyglot.gif", POLYGLOT_GIF, "image/gif"),
        ("action.pdf", PDF_WITH_JS, "application/pdf"),
        ("image.svg", SVG, "image/svg+xml"),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ]


# --- The world and the forms ---------------------------------------------------------------------------------------


def _client(world, role: str) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.9", raise_request_exception=False)  # a crash is a 500 to report
    if world.users.get(role):
        client.force_login(world.users[role])
    return client


@pytest.fixture(scope="module")
def forms(world, django_db_blocker):
    """Every distinct POST form on the pages of the matrix, as the administrator and as a citizen sees them."""
    found = {}
    with django_db_blocker.unblock():
        for role in ("admin", "citizen"):
            client = _client(world, role)
            for name, spec in sorted(MATRIX.items()):
                if name.startswith(("api-v1:", "switch_language", "accounts:")):
                    continue  # the API has no forms; these change the language or the session of the client
                url = reverse(name, kwargs=world.kwargs(spec["kwargs"]))
                response = client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in parse(response.content.decode()).forms:
                    action = urljoin(url, form["action"] or url)
                    if form["method"] != "post" or action.startswith(SKIP_ACTIONS) or urlsplit(action).netloc:
                        continue
                    key = (action, tuple(sorted(f["name"] for f in form["fields"])))
                    found.setdefault(key, {**form, "action": action, "page": url, "role": role})
    return list(found.values())


def _check_response(response, where: str, payload: str = "") -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
        return problems
    body = response.content.decode(errors="replace") if "html" in response.get("Content-Type", "") else ""
    for markup in RAW_MARKUP:
        if markup in body and (not payload or markup.split()[0].strip("'\"") in payload):
            problems.append(f"{where}: unescaped {markup!r} in the page")
    return problems


def _post(world, form, data, files=None):
    client = _client(world, form["role"])
    with transaction.atomic():
        response = client.post(form["action"], {**data, **(files or {})}, follow=True)
        transaction.set_rollback(True)
    return response


# --- Tests ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_discovers_a_real_number_of_forms(forms):
    text_forms = [f for f in forms if any(field["kind"] in TEXT_KINDS for field in f["fields"])]
    assert len(text_forms) >= 30, [f["action"] for f in forms]
    assert any(f["action"].endswith("/questions/ask/") for f in text_forms)


@pytest.mark.django_db
def test_text_fields_take_the_corpus_without_5xx_and_escape_it(world, forms):
    problems, echoed = [], []
    for form in forms:
        text_fields = [field["name"] for field in form["fields"] if field["kind"] in TEXT_KINDS]
        if not text_fields:
            continue
        payloads = CORPUS if any(key in form["action"] for key in KEY_FORMS) else SAMPLE
        base = valid_data(form)
        for payload in payloads:
            data = {**base, **dict.fromkeys(text_fields, payload)}
            response = _post(world, form, data)
            if (form["action"], form["role"]) in KNOWN_500:
                continue  # reported by its own strict xfail test below
            problems += _check_response(response, f"POST {form['action']} ({form['role']}) {payload[:30]!r}", payload)
            shown = response.content.decode(errors="replace")
            if payload == SCRIPT and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown:
                echoed.append(form["action"])  # shown back, escaped: the check above is not vacuous
    assert not problems, "\n".join(problems)
    assert len(echoed) >= 20, echoed


@pytest.mark.django_db
def test_get_forms_and_search_take_the_corpus(world):
    client = _client(world, "admin")
    problems = []
    pages = ["search:search", "hubs:hub_list", "events:event_list", "library:document_list", "qa:question_list"]
    pages += ["meter:plan_list", "directory:body_list", "discussions:forum_list", "twinning:network_list"]
    for name in pages:
        url = reverse(name)
        page = parse(client.get(url).content.decode())
        params = {f["name"] for form in page.forms if form["method"] == "get" for f in form["fields"]} | {"q", "page"}
        for payload in CORPUS:
            response = client.get(url, dict.fromkeys(params, payload))
            problems += _check_response(response, f"GET {url} {payload[:30]!r}", payload)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_api_query_parameters_take_the_corpus(world):
    from tabadul.api.v1 import api

    schema = api.get_openapi_schema()
    client = Client(raise_request_exception=False)
    problems = []
    kwargs = {"slug": world.beita.slug, "plan_id": world.plan.pk, "project_id": world.project.pk}
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        url = path.format(**kwargs)
        params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        for payload in CORPUS:
            response = client.get(url, dict.fromkeys(params, payload) if params else {"q": payload})
            if response.status_code >= 500:
                problems.append(f"GET {url} {payload[:30]!r}: {response.status_code}")
            elif SCRIPT in response.content.decode(errors="replace") and "json" not in response["Content-Type"]:
                problems.append(f"GET {url}: raw markup in a {response['Content-Type']} response")
        # A hostile path segment too.
        for payload in (SCRIPT, "' OR 1=1 --"):
            response = client.get(path.format(**dict.fromkeys(kwargs, payload)))
            if response.status_code >= 500:
                problems.append(f"GET {path} with {payload!r} in the path: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_api_post_takes_the_corpus(world):
    client = Client(raise_request_exception=False)
    url = f"/api/v1/projects/{world.project.pk}/progress"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['beita']}"}
    problems = []
    for payload in CORPUS:
        cases = [{"percent": payload, "date": payload}]
        if "\x00" not in payload:  # a NUL in the note is the known bug below
            cases.append({"percent": "50", "date": "2026-01-01", "note": payload})
        for data in cases:
            with transaction.atomic():
                response = client.post(url, data, **auth)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                problems.append(f"POST {url} {sorted(data)} {payload[:30]!r}: {response.status_code}")
    with transaction.atomic():
        response = client.post(url, {"percent": "50", "date": "2026-01-01"}, **{"HTTP_AUTHORIZATION": "Bearer \x00'"})
        transaction.set_rollback(True)
    assert response.status_code == 401
    assert not problems, "\n".join(problems)


def _download_links(html: str, base: str) -> list[str]:
    markers = ("download", "/documents/", "/attachments/", "/media/")
    links = {urljoin(base, href) for href in parse(html).links if any(m in href for m in markers)}
    return sorted(link for link in links if not link.endswith(("/new/", "/edit/")))


def control_files():
    """Harmless files of each accepted kind: a form that takes one of them is filled validly."""
    from PIL import Image

    from tabadul.library.tests.factories import docx_bytes, pdf_bytes, xlsx_bytes

    png = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(png, "PNG")
    return [
        ("photo.png", png.getvalue(), "image/png"),
        ("study.pdf", pdf_bytes(), "application/pdf"),
        ("sheet.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("charter.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]


@pytest.mark.django_db
def test_upload_forms_refuse_or_neutralise_hostile_files(world, forms):
    from tabadul.qa.models import Topic

    upload_forms = [f for f in forms if f["multipart"] and any(x["kind"] == "file" for x in f["fields"])]
    assert len(upload_forms) >= 6, [f["action"] for f in upload_forms]
    # The question form shows its attachments field at the confirmation step only.
    question_fields = [
        {"name": "title", "kind": "fixed", "value": "كيف نحسب رسوم جمع النفايات الصلبة؟"},
        {"name": "text", "kind": "fixed", "value": "نريد معرفة طريقة احتساب الرسوم في البلديات الصغيرة."},
        {"name": "confirm", "kind": "hidden", "value": "1"},
        {"name": "topics", "kind": "fixed", "value": str(Topic.objects.order_by("pk").first().pk)},
        {"name": "attachments", "kind": "file", "value": ""},
    ]
    upload_forms.append({"action": reverse("qa:question_ask"), "role": "other_editor", "fields": question_fields})
    files = hostile_files()
    problems, controlled = [], []
    for form in upload_forms:
        base = valid_data(form)
        for field in [x["name"] for x in form["fields"] if x["kind"] == "file"]:
            # Control: a harmless file is accepted (the page moves on), so the form data is valid.
            for filename, content, content_type in control_files():
                upload = SimpleUploadedFile(filename, content, content_type=content_type)
                with transaction.atomic():
                    response = _client(world, form["role"]).post(form["action"], {**base, field: upload}, follow=True)
                    transaction.set_rollback(True)
                if response.redirect_chain and response.request["PATH_INFO"] != form["action"]:
                    controlled.append(f"{form['action']} {field} ({filename})")
                    break
            for filename, content, content_type in files:
                upload = SimpleUploadedFile(filename, content, content_type=content_type)
                client = _client(world, form["role"])
                where = f"POST {form['action']} {field}={filename}"
                with transaction.atomic():
                    try:
                        response = client.post(form["action"], {**base, field: upload}, follow=True)
                    except Exception as error:  # noqa: BLE001 -- an exception here is the 500 a visitor would get
                        problems.append(f"{where}: {type(error).__name__}: {error}")
                        transaction.set_rollback(True)
                        continue
                    if response.status_code >= 500:
                        problems.append(f"{where}: {response.status_code}")
                    else:
                        final = response.request["PATH_INFO"]
                        links = _download_links(response.content.decode(errors="replace"), final)
                        # The page the object lives on (the event of /events/4/documents/, ...) lists the files too.
                        parent = form["action"].rstrip("/").rsplit("/", 1)[0] + "/"
                        for page in {parent, form.get("page", parent)} - {final}:
                            shown = client.get(page)
                            if shown.status_code == 200:
                                links += _download_links(shown.content.decode(errors="replace"), page)
                        print(f"UPLOAD {where}: {response.status_code} -> {final}; {len(links)} download link(s)")
                        for link in links:
                            served = client.get(link)
                            kind = served.get("Content-Type", "")
                            inline = "attachment" not in served.get("Content-Disposition", "")
                            if served.status_code == 200 and inline and kind.startswith(EXECUTABLE_TYPES):
                                problems.append(f"{where}: {link} served inline as {kind}")
                            if served.status_code == 200 and served.get("X-Content-Type-Options") != "nosniff":
                                problems.append(f"{where}: {link} served without nosniff")
                    transaction.set_rollback(True)
    print("CONTROL accepted:", controlled)
    assert len(controlled) >= 9, controlled
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_saving_the_expertise_form_as_an_administrator_is_not_a_500(world):
    from tabadul.qa.models import Topic

    client = _client(world, "admin")
    topic = Topic.objects.order_by("pk").first()
    with transaction.atomic():
        response = client.post(reverse("qa:expertise_edit"), {"topics": [topic.pk], "bio": "x", "is_available": "on"})
        transaction.set_rollback(True)
    assert response.status_code < 500


@pytest.mark.django_db
def test_api_progress_note_with_a_nul_byte_is_refused_not_a_500(world):
    client = Client(raise_request_exception=False)
    url = f"/api/v1/projects/{world.project.pk}/progress"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['beita']}"}
    with transaction.atomic():
        response = client.post(url, {"percent": "50", "date": "2026-01-01", "note": "abc\x00def"}, **auth)
        transaction.set_rollback(True)
    assert response.status_code == 400
