"""Backup and restore round-trip the demo data and every stored file; damaged or foreign archives are refused.

Runs on SQLite and on PostgreSQL (CI runs the suite a second time with DATABASE_URL). The tests are transactional:
pg_dump runs in another process and only sees committed rows.
"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from tabadul.core.backup import DATABASE_MEMBERS, MANIFEST, BackupError, create_backup, file_roots, restore_backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def reference_data_afterwards(django_db_blocker):
    """Transactional tests end with a flush, which also empties the reference data the migrations loaded
    (countries, regions, governorates). Put it back once this module is done, so that later tests that rely
    on it (tabadul/core/tests/test_e2e.py) do not depend on running before these."""
    yield
    from tabadul.directory.models import Country, Governorate, Region
    from tabadul.directory.reference import load_reference_data

    with django_db_blocker.unblock():
        if not Country.objects.exists():
            load_reference_data(Country, Region, Governorate)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, transactional_db):
    """Files go to directories of this test (MEDIA_ROOT and PRIVATE_FILES_ROOT), and the reference data flushed by
    earlier transactional tests is back."""
    from tabadul.directory.models import Country, Governorate, Region
    from tabadul.directory.reference import load_reference_data

    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "site" / "private"
    if not Country.objects.exists():
        load_reference_data(Country, Region, Governorate)
    with translation.override("en"):  # the messages are matched in English
        yield


def every_row() -> dict:
    """Every row of every table (framework tables, audit log and m2m tables included), every column. Models
    registered by other tests without a table (alignment's TaggedThing) are left out."""
    rows = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return rows


def every_file() -> dict:
    files = {}
    for name, root in file_roots().items():
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file():
                files[f"{name}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return files


def add_media_files() -> None:
    from tabadul.directory.models import LocalBody

    media = file_roots()["media"]
    (media / "bodies" / "logos").mkdir(parents=True, exist_ok=True)
    (media / "bodies" / "logos" / "beita.png").write_bytes(bytes(range(256)) * 40)
    LocalBody.objects.filter(slug="beita").update(logo="bodies/logos/beita.png")
    (media / "meter" / "evidence" / "2026").mkdir(parents=True, exist_ok=True)
    (media / "meter" / "evidence" / "2026" / "محضر الاجتماع.txt").write_text("محضر اجتماع المجلس البلدي\n" * 50)
    (media / "empty.bin").write_bytes(b"")


def rewrite(archive: Path, target: Path, change) -> Path:
    """Copy an archive member by member, letting `change(members)` alter the dict name -> bytes."""
    with tarfile.open(archive, "r:gz") as source:
        members = {member.name: source.extractfile(member).read() for member in source if member.isfile()}
    change(members)
    with tarfile.open(target, "w:gz") as out:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


def test_backup_and_restore_round_trip_the_demo_data_and_every_file(settings, tmp_path):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    add_media_files()
    rows, files = every_row(), every_file()
    assert len(rows) > 50 and len(rows["directory.LocalBody"]) >= 40 and rows["accounts.User"]
    assert any(name.startswith("private/library/") for name in files), "the demo writes library documents"
    assert "media/meter/evidence/2026/محضر الاجتماع.txt" in files

    archive = tmp_path / "backup.tar.gz"
    err = io.StringIO()
    call_command("backup", output=str(archive), stdout=io.StringIO(), stderr=err)
    assert "Backup written" in err.getvalue()  # progress goes to stderr
    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.load(opened.extractfile(MANIFEST))
    assert manifest["engine"] == connection.vendor
    assert manifest["migrations"]["core"] and manifest["migrations"]["directory"]
    assert DATABASE_MEMBERS[connection.vendor] in manifest["members"]
    assert len([name for name in manifest["members"] if name.startswith("files/")]) == len(files)

    # Wreck everything: empty the database, add a stray row, delete and change files, add a stray file.
    call_command("flush", interactive=False, verbosity=0)
    from tabadul.accounts.tests.factories import make_user

    make_user()
    media = file_roots()["media"]
    (media / "bodies" / "logos" / "beita.png").unlink()
    (media / "empty.bin").write_bytes(b"not empty any more")
    (media / "stray.txt").write_text("should disappear")
    private_root = file_roots()["private"]
    for path in private_root.rglob("*"):
        if path.is_file():
            path.unlink()
            break
    assert every_row() != rows and every_file() != files

    call_command("restore", str(archive), yes=True, stdout=io.StringIO(), stderr=io.StringIO())

    assert every_row() == rows
    assert every_file() == files
    # The site works on the restored data, and the restored sequences hand out fresh keys.
    from tabadul.directory.models import LocalBody

    assert LocalBody.objects.get(slug="beita").logo.name == "bodies/logos/beita.png"
    make_user()


@pytest.fixture
def small_site():
    from tabadul.accounts.tests.factories import make_user

    make_user(username="before.backup")
    media = file_roots()["media"]
    media.mkdir(parents=True, exist_ok=True)
    (media / "note.txt").write_text("ملاحظة " * 200)
    (media / "image.bin").write_bytes(bytes(range(256)) * 20)


def assert_refused(archive: Path, message: str) -> None:
    rows, files = every_row(), every_file()
    with pytest.raises(BackupError, match=message):
        restore_backup(archive)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), yes=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert every_row() == rows, "a refused restore must change nothing"
    assert every_file() == files


def test_an_archive_with_one_byte_changed_is_refused_and_changes_nothing(small_site, tmp_path):
    archive = create_backup(tmp_path / "good.tar.gz").path

    # One byte changed inside a member, the manifest left as it was: the checksum catches it.
    def flip(members):
        data = bytearray(members["files/media/image.bin"])
        data[100] ^= 0x01
        members["files/media/image.bin"] = bytes(data)

    assert_refused(rewrite(archive, tmp_path / "member.tar.gz", flip), "checksum of files/media/image.bin")

    # One byte of the database snapshot changed.
    def flip_database(members):
        name = DATABASE_MEMBERS[connection.vendor]
        data = bytearray(members[name])
        data[len(data) // 2] ^= 0xFF
        members[name] = bytes(data)

    assert_refused(rewrite(archive, tmp_path / "db.tar.gz", flip_database), "checksum of database/")

    # One byte of the compressed archive itself changed, anywhere after the 10-byte gzip header (whose time
    # and OS bytes carry no data): the deflate stream, the CRC-32 or the length in the trailer.
    original = archive.read_bytes()
    for offset in (10, 11, len(original) // 3, len(original) // 2, len(original) - 12, len(original) - 3):
        raw = bytearray(original)
        raw[offset] ^= 0xFF
        damaged = tmp_path / f"raw-{offset}.tar.gz"
        damaged.write_bytes(bytes(raw))
        assert_refused(damaged, "damaged|checksum|manifest")

    # A member missing, or one the manifest does not list.
    assert_refused(
        rewrite(archive, tmp_path / "missing.tar.gz", lambda members: members.pop("files/media/note.txt")),
        "files/media/note.txt listed in the manifest is missing",
    )
    assert_refused(
        rewrite(archive, tmp_path / "extra.tar.gz", lambda members: members.update({"files/media/x.sh": b"x"})),
        "files/media/x.sh, which the manifest does not list",
    )


def _edit_manifest(**changes):
    def change(members):
        manifest = json.loads(members[MANIFEST])
        manifest.update(changes)
        members[MANIFEST] = json.dumps(manifest).encode()

    return change


def test_an_archive_from_the_other_engine_is_refused(small_site, tmp_path):
    archive = create_backup(tmp_path / "good.tar.gz").path
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def other_engine(members):
        manifest = json.loads(members[MANIFEST])
        snapshot = DATABASE_MEMBERS[connection.vendor]
        members[DATABASE_MEMBERS[other]] = members.pop(snapshot)
        manifest["members"][DATABASE_MEMBERS[other]] = manifest["members"].pop(snapshot)
        manifest["engine"] = other
        members[MANIFEST] = json.dumps(manifest).encode()

    assert_refused(rewrite(archive, tmp_path / "other.tar.gz", other_engine), f"holds a {other} database")


def test_a_backup_newer_than_the_code_is_refused(small_site, tmp_path):
    archive = create_backup(tmp_path / "good.tar.gz").path
    with tarfile.open(archive, "r:gz") as opened:
        migrations = json.load(opened.extractfile(MANIFEST))["migrations"]
    migrations["core"] = "9999_from_the_future"
    newer = rewrite(archive, tmp_path / "newer.tar.gz", _edit_manifest(migrations=migrations))
    assert_refused(newer, "9999_from_the_future of core.*newer than the code")


def test_restore_asks_before_replacing_anything(small_site, tmp_path, monkeypatch):
    archive = create_backup(tmp_path / "good.tar.gz").path
    from tabadul.core.management.commands import restore

    monkeypatch.setattr(restore.Command, "stdin_is_tty", staticmethod(lambda: False))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="no file"):
        call_command("restore", str(tmp_path / "absent.tar.gz"), yes=True, stdout=io.StringIO())
