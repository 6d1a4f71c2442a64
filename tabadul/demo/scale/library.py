"""Library documents by bodies (and their hubs), each with one to three versions. Every version points at one
small PDF stored once in the private storage, so the pages and downloads work without thousands of files."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.db.models import OuterRef, Subquery

from tabadul.core.files import private_storage
from tabadul.library.models import Document, DocumentVersion

from .base import Run, insert, pick
from .words import DOCUMENT_TEXT, DOCUMENT_TITLES, SUBJECTS

SAMPLE_NAME = "library/scale/sample.pdf"
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
VISIBILITY = [Document.Visibility.PUBLIC, Document.Visibility.MEMBERS, Document.Visibility.PRIVATE]


def sample_file() -> str:
    """The stored name of the shared sample PDF (stored on first use, through the storage API)."""
    if not private_storage.exists(SAMPLE_NAME):
        return private_storage.save(SAMPLE_NAME, ContentFile(SAMPLE_PDF))
    return SAMPLE_NAME


def _document(run: Run, rng, number: int, body_id: int) -> Document:
    doc_type = pick(rng, list(DOCUMENT_TITLES))
    subject_ar, subject_en = pick(rng, SUBJECTS)
    title_ar, title_en = DOCUMENT_TITLES[doc_type]
    year = run.today.year - rng.randrange(0, 6)
    return Document(
        slug=f"{run.prefix}-doc-{number}",
        type=doc_type,
        status=Document.Status.FINAL,
        title_ar=title_ar.format(subject=subject_ar),
        title_en=title_en.format(subject=subject_en),
        summary_ar=DOCUMENT_TEXT.format(subject=subject_ar),
        year=year,
        published_on=min(run.today, date(year, rng.randrange(1, 13), rng.randrange(1, 29))),
        visibility=pick(rng, VISIBILITY, weights=[80, 15, 5]),
        governorate_id=run.body_governorate[body_id],
        created_by_id=run.editor(body_id),
    )


def _versions(run: Run, rng, documents, authors, name: str):
    for document, body_id in zip(documents, authors, strict=True):
        count = pick(rng, [1, 1, 1, 2, 2, 3])
        for number in range(1, count + 1):
            yield DocumentVersion(
                document_id=document.pk,
                number=number,
                file=name,
                kind=DocumentVersion.Kind.PDF,
                original_name=f"{document.slug}-v{number}.pdf",
                size=len(SAMPLE_PDF),
                sha256=hashlib.sha256(SAMPLE_PDF).hexdigest(),
                text=document.summary_ar,
                change_note="" if number == 1 else "تحديث البيانات وإضافة ملحق.",
                uploaded_by_id=run.editor(body_id),
            )


def generate(run: Run) -> None:
    rng = run.rng("library")
    authors = [pick(rng, run.body_ids) for _ in range(run.volumes.documents)]
    documents = insert(Document, (_document(run, rng, n, b) for n, b in enumerate(authors)), run)
    run.document_ids = [document.pk for document in documents]
    through = Document.author_bodies.through
    insert(through, (through(document_id=d.pk, localbody_id=b) for d, b in zip(documents, authors, strict=True)), run)
    hub_pairs = [
        (d.pk, pick(rng, run.hubs_of_body[b]))
        for d, b in zip(documents, authors, strict=True)
        if run.hubs_of_body.get(b)
    ]
    through = Document.author_hubs.through
    insert(through, (through(document_id=d, hub_id=h) for d, h in hub_pairs[::3]), run)
    insert(DocumentVersion, _versions(run, rng, documents, authors, sample_file()), run, keep=False)
    # The current version is the latest, as `document_version_add` sets it: one UPDATE for all of them.
    latest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number").values("pk")[:1]
    Document.objects.filter(pk__range=(documents[0].pk, documents[-1].pk)).update(current_version=Subquery(latest))
