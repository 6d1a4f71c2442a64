"""Uploaded files on an S3-compatible store (TABADUL_FILE_STORAGE=s3, docs/decisions/011-files-on-s3.md).

moto's S3 server runs as a real HTTP server on loopback (`moto_server`, requirements-dev.txt); every kind of file of
test_files.py's OWNERS is stored there through the services and sent by the checked view exactly as from disk:
private objects (no public grant; the store refuses an unsigned read), 404 to whom the owner does not allow, the
same headers to whom it does, and nothing written to the app server's disk.
"""

import sys
from pathlib import Path

import pytest
import requests

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.files import FILE_CSP, private_storage

from .test_files import OWNERS, pending_evidence

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import cluster  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_env(tmp_path_factory):
    with cluster.moto_s3(tmp_path_factory.mktemp("moto")) as env:
        yield env


@pytest.fixture
def on_s3(settings, s3_env):
    """The private storage switched to the bucket (as settings/base.py does for TABADUL_FILE_STORAGE=s3)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "tabadul.core.s3.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": s3_env["S3_BUCKET"],
                "endpoint_url": s3_env["S3_ENDPOINT_URL"],
                "region_name": s3_env["S3_REGION"],
                "access_key": s3_env["S3_ACCESS_KEY_ID"],
                "secret_key": s3_env["S3_SECRET_ACCESS_KEY"],
            },
        },
    }
    assert private_storage.bucket_name == s3_env["S3_BUCKET"]
    return s3_env


def test_the_settings_select_the_store_from_the_environment(monkeypatch):
    import importlib

    from tabadul.settings import base

    monkeypatch.setenv("TABADUL_FILE_STORAGE", "s3")
    monkeypatch.setenv("S3_BUCKET", "tabadul-files")
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    try:
        selected = importlib.reload(base).STORAGES["private"]
        assert selected["BACKEND"] == "tabadul.core.s3.PrivateS3Storage"
        assert selected["OPTIONS"]["bucket_name"] == "tabadul-files"
        assert selected["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
        monkeypatch.setenv("TABADUL_FILE_STORAGE", "local")
        assert importlib.reload(base).STORAGES["private"]["BACKEND"] == "tabadul.core.files.PrivateStorage"
        monkeypatch.setenv("TABADUL_FILE_STORAGE", "nfs")
        with pytest.raises(Exception, match="TABADUL_FILE_STORAGE"):
            importlib.reload(base)
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.mark.parametrize("key", sorted(OWNERS))
def test_every_kind_of_file_is_stored_privately_on_s3_and_sent_only_by_the_checked_view(client, on_s3, settings, key):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/_protected/"  # production's: for a file on a store it does not apply
    owner, field_name, public = OWNERS[key]()
    stored = getattr(owner, field_name)
    s3 = cluster.s3_client(on_s3)
    body = s3.get_object(Bucket=on_s3["S3_BUCKET"], Key=stored.name)["Body"].read()
    assert body
    grants = s3.get_object_acl(Bucket=on_s3["S3_BUCKET"], Key=stored.name)["Grants"]
    assert grants and not any("URI" in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers
    unsigned = requests.get(f"{on_s3['S3_ENDPOINT_URL']}/{on_s3['S3_BUCKET']}/{stored.name}", timeout=10)
    assert unsigned.status_code == 403
    root = Path(settings.PRIVATE_FILES_ROOT)
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))

    response = client.get(stored.url)
    assert response.status_code == (200 if public else 404)
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    response = client.get(stored.url)
    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == body and response["Content-Length"] == str(len(body))
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == FILE_CSP
    assert response["Cache-Control"] == ("public, max-age=3600" if public else "private, no-store")


def test_a_stored_file_has_no_address_on_the_store_and_a_lost_object_is_a_404(client, on_s3):
    evidence, field_name, _public = pending_evidence()
    with pytest.raises(ValueError, match="no storage URL"):
        private_storage.url(evidence.file.name)
    cluster.s3_client(on_s3).delete_object(Bucket=on_s3["S3_BUCKET"], Key=evidence.file.name)
    client.force_login(make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    assert client.get(evidence.file.url).status_code == 404
