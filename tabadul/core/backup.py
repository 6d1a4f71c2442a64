"""Backup and restore of a whole Tabadul installation: the database and every stored file, in one archive.

The archive is a tar.gz with:

- ``manifest.json``: the format, the database engine, the migration state (last applied migration per app),
  the creation time, the file roots, and the SHA-256 and size of every other member;
- ``database/db.sqlite3`` (SQLite, a copy made with sqlite3's online backup API) or ``database/db.pgdump``
  (PostgreSQL, ``pg_dump --format=custom``): native, consistent snapshots taken while the site runs;
- ``files/<root>/<path>``: every file of every file storage on disk: ``private`` (PRIVATE_FILES_ROOT, where every
  upload lives; core/files.py) and ``media`` (MEDIA_ROOT, where uploads lived before; empty once migrated).

Native snapshots rather than ``dumpdata``/``loaddata``: loaddata fires signals (m2m_changed runs the search
index and notification receivers during a restore) and is slow on large databases. See docs/operations.md.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from .files import private_storage

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def _quiet(message: str) -> None:
    pass


# --- What is backed up --------------------------------------------------------------------------------------


def engine_name(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def file_roots() -> dict[str, Path]:
    """Every directory on disk where a FileField stores files, by a stable name: "private" is PRIVATE_FILES_ROOT,
    "media" is MEDIA_ROOT; any other storage is named after the app that uses it."""
    roots: dict[str, Path] = {"media": Path(settings.MEDIA_ROOT).resolve()}
    if isinstance(default_storage, FileSystemStorage):
        roots["media"] = Path(default_storage.location).resolve()
    if isinstance(private_storage, FileSystemStorage):  # on an object store (core/s3.py) the store keeps its copies
        roots["private"] = Path(private_storage.location).resolve()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            storage = field.storage
            if not isinstance(storage, FileSystemStorage):
                continue
            location = Path(storage.location).resolve()
            if location in roots.values():
                continue
            name = model._meta.app_label
            suffix = 2
            while name in roots:
                name = f"{model._meta.app_label}{suffix}"
                suffix += 1
            roots[name] = location
    return roots


def migration_state(alias: str = "default") -> dict[str, str]:
    """The last applied migration of every app (by name order, which is the numbering order)."""
    state: dict[str, str] = {}
    for app_label, name in MigrationRecorder(connections[alias]).applied_migrations():
        if name > state.get(app_label, ""):
            state[app_label] = name
    return dict(sorted(state.items()))


def _walk(root: Path, exclude: list[Path]):
    """Regular files under root (sorted, relative POSIX paths), skipping other roots nested inside it."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        current = Path(directory)
        dirnames[:] = sorted(d for d in dirnames if (current / d).resolve() not in exclude)
        for filename in sorted(filenames):
            path = current / filename
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_file(archive: tarfile.TarFile, name: str, path: Path, members: dict) -> None:
    stat = path.stat()
    info = tarfile.TarInfo(name)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o644
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    if reader.size != info.size:
        raise BackupError(
            _("The file %(name)s changed while it was being backed up; run the backup again.") % {"name": name}
        )
    members[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}


# --- Database snapshots -------------------------------------------------------------------------------------


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT")):
        if options.get(key):
            env[variable] = str(options[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from $PGBIN when set (the server's own version), else from PATH."""
    pgbin = os.environ.get("PGBIN")
    if pgbin and (Path(pgbin) / name).exists():
        return str(Path(pgbin) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _("%(tool)s was not found; install the PostgreSQL client tools (Debian: postgresql-client).")
            % {"tool": name}
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    # The command is built here from a tool path and our own settings, never from user input.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": Path(command[0]).name, "error": result.stderr.strip()[-2000:]}
        )


def _snapshot_database(engine: str, target: Path, alias: str, progress: Progress) -> None:
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:

            def report(status, remaining, total):
                if total:
                    progress(_("  database: %(done)d of %(total)d pages") % {"done": total - remaining, "total": total})

            # The online backup API copies a consistent snapshot while the site keeps working (WAL mode).
            connection.connection.backup(destination, pages=4096, progress=report)
        finally:
            destination.close()
    else:
        command = [_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"]
        _run(command, _pg_environment(connection.settings_dict))


def _restore_database(engine: str, snapshot: Path, alias: str, progress: Progress) -> None:
    connection = connections[alias]
    if engine == "sqlite":
        connection.close()  # nothing of ours stays open across the swap (an in-memory test database stays alive)
        connection.ensure_connection()
        source = sqlite3.connect(snapshot)
        try:

            def report(status, remaining, total):
                if total:
                    progress(_("  database: %(done)d of %(total)d pages") % {"done": total - remaining, "total": total})

            source.backup(connection.connection, pages=4096, progress=report)
        finally:
            source.close()
    else:
        connection.close()
        command = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(snapshot),
        ]
        _run(command, _pg_environment(connection.settings_dict))
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


# --- Backup -------------------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    members: int
    size: int


def default_output() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    var = getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")
    return Path(var) / "backups" / f"tabadul-{stamp}.tar.gz"


def create_backup(output: Path | None = None, *, alias: str = "default", progress: Progress = _quiet) -> BackupResult:
    output = Path(output) if output else default_output()
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_name(alias)
    roots = file_roots()
    members: dict[str, dict] = {}
    started = time.monotonic()
    partial = output.with_name(output.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=output.parent) as workdir:
            snapshot = Path(workdir) / PurePosixPath(DATABASE_MEMBERS[engine]).name
            progress(_("Taking a snapshot of the %(engine)s database…") % {"engine": engine})
            state = migration_state(alias)
            _snapshot_database(engine, snapshot, alias, progress)
            # gzip without a file name in its header: every byte after the 10-byte header is covered by the
            # deflate stream and its CRC-32, which restore checks in full.
            with (
                partial.open("wb") as raw,
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6) as compressed,
                tarfile.open(fileobj=compressed, mode="w") as archive,
            ):
                _add_file(archive, DATABASE_MEMBERS[engine], snapshot, members)
                for name, root in roots.items():
                    nested = [other for other in roots.values() if other != root]
                    count = 0
                    for relative, path in _walk(root, nested):
                        _add_file(archive, f"files/{name}/{relative}", path, members)
                        count += 1
                        if count % 500 == 0:
                            progress(_("  %(root)s: %(count)d files") % {"root": name, "count": count})
                    progress(_("Files in %(root)s: %(count)d") % {"root": name, "count": count})
                manifest = {
                    "format": FORMAT,
                    "engine": engine,
                    "created": timezone.now().isoformat(),
                    "migrations": state,
                    "roots": {name: str(root) for name, root in roots.items()},
                    "members": members,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(time.time())
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(data))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, output)
    progress(_("Backup written in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
    return BackupResult(path=output, members=len(members), size=output.stat().st_size)


# --- Restore ------------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _extract(archive_path: Path, target: Path, progress: Progress) -> dict:
    """Unpack into target (regular files only, no path outside it) and return the manifest."""
    try:
        # Read the whole gzip stream first: its CRC-32 and length catch a damaged archive (tarfile alone stops
        # at the end-of-archive blocks and never reaches the gzip trailer).
        with gzip.open(archive_path, "rb") as stream:
            while stream.read(CHUNK):
                pass
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.is_absolute() or ".." in name.parts:
                    raise BackupError(
                        _("The archive holds an unexpected entry %(name)s; refusing it.") % {"name": member.name}
                    )
                archive.extract(member, target, filter="data")
    except (tarfile.TarError, OSError, EOFError, ValueError, zlib.error) as error:
        raise BackupError(
            _("The archive cannot be read (%(error)s): it is damaged or not a Tabadul backup.") % {"error": error}
        ) from error
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(_("The archive has no readable manifest.json: it is not a Tabadul backup.")) from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("members"), dict)
    ):
        raise BackupError(_("The manifest of this archive has an unknown format."))
    return manifest


def verify(target: Path, manifest: dict, *, alias: str = "default") -> None:
    """Every check before anything is touched: checksums, sizes, no missing or extra member, same engine,
    a migration state the code knows, file roots this installation has."""
    members = manifest["members"]
    for name, expected in sorted(members.items()):
        path = target / name
        if not path.is_file():
            raise BackupError(
                _("The member %(name)s listed in the manifest is missing from the archive.") % {"name": name}
            )
        if path.stat().st_size != expected.get("size") or _sha256(path) != expected.get("sha256"):
            raise BackupError(
                _("The checksum of %(name)s does not match the manifest: the archive is damaged or was altered.")
                % {"name": name}
            )
    for path in target.rglob("*"):
        name = path.relative_to(target).as_posix()
        if path.is_file() and name != MANIFEST and name not in members:
            raise BackupError(_("The archive holds %(name)s, which the manifest does not list.") % {"name": name})
    engine = engine_name(alias)
    if manifest.get("engine") != engine:
        raise BackupError(
            _("This archive holds a %(archive)s database; this installation runs on %(current)s.")
            % {"archive": manifest.get("engine"), "current": engine}
        )
    if DATABASE_MEMBERS[engine] not in members:
        raise BackupError(_("The archive has no database snapshot."))
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app_label, name in sorted((manifest.get("migrations") or {}).items()):
        if (app_label, name) not in known:
            raise BackupError(
                _(
                    "The backup was made with migration %(migration)s of %(app)s, which this code does not have: "
                    "the backup is newer than the code. Deploy the matching version first."
                )
                % {"migration": name, "app": app_label}
            )
    roots = file_roots()
    for name in {member.split("/")[1] for member in members if member.startswith("files/")}:
        if name not in roots:
            raise BackupError(
                _("The archive holds files for the storage %(root)s, which this installation does not have.")
                % {"root": name}
            )


def _replace_files(source: Path, root: Path) -> int:
    """Make root hold exactly the files of source (file by file, so a mount point stays in place)."""
    root.mkdir(parents=True, exist_ok=True)
    wanted = (
        {path.relative_to(source).as_posix() for path in source.rglob("*") if path.is_file()}
        if source.is_dir()
        else set()
    )
    nested = [other for other in file_roots().values() if other != root.resolve()]
    for relative, path in list(_walk(root, nested)):
        if relative not in wanted:
            path.unlink()
    for relative in sorted(wanted):
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
    # Remove directories left empty by deleted files.
    for directory, _dirs, _files in sorted(os.walk(root), key=lambda item: -len(item[0])):
        path = Path(directory)
        if path != root and path.resolve() not in nested and not any(path.iterdir()):
            path.rmdir()
    return len(wanted)


def restore_backup(archive_path: Path, *, alias: str = "default", progress: Progress = _quiet) -> dict:
    """Verify the whole archive, then replace the database and the files. Returns the manifest."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": archive_path})
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=archive_path.parent) as workdir:
        target = Path(workdir)
        progress(_("Unpacking and verifying %(path)s…") % {"path": archive_path.name})
        manifest = _extract(archive_path, target, progress)
        verify(target, manifest, alias=alias)
        progress(_("All %(count)d checksums match.") % {"count": len(manifest["members"])})
        engine = manifest["engine"]
        progress(_("Restoring the %(engine)s database…") % {"engine": engine})
        _restore_database(engine, target / DATABASE_MEMBERS[engine], alias, progress)
        roots = file_roots()
        for name, root in roots.items():
            count = _replace_files(target / "files" / name, root)
            progress(_("Files in %(root)s restored: %(count)d") % {"root": name, "count": count})
    progress(_("Restore finished in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
    return manifest
