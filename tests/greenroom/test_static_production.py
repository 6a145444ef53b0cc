"""Production static files on a fresh clone: `collectstatic` (DEBUG=0) writes the manifest, hashed
names, gzip and brotli copies, and whitenoise serves hashed names with an immutable cache header.
Public HTML is compressed; pages holding a secret are not (BREACH)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SERVE = """
import django, json, sys
django.setup()
from django.test import Client
from django.templatetags.static import static
url = static("greenroom/site.css")
client = Client()
plain = client.get(url)
br = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
gz = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
icon = client.get("/favicon.ico")
print(json.dumps({"url": url, "cache": plain["Cache-Control"], "br": br.get("Content-Encoding"),
                  "gz": gz.get("Content-Encoding"), "icon": [icon.status_code, icon["Location"]]}))
"""


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DEBUG": "0",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "greenroom.settings",
    }
    env.pop("DATABASE_URL", None)
    # The admin's and the API docs' files are left out only to keep the test quick: same storage, same steps.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "admin", "-i", "ninja"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    served = subprocess.run([sys.executable, "-c", SERVE], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return static_root, json.loads(served.stdout.strip().splitlines()[-1])


def test_collectstatic_on_a_fresh_clone_writes_manifest_hashed_gzip_and_brotli(collected):
    static_root, _ = collected
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["greenroom/site.css"]
    assert hashed != "greenroom/site.css" and hashed.startswith("greenroom/site.") and hashed.endswith(".css")
    for suffix in ("", ".gz", ".br"):
        assert (static_root / (hashed + suffix)).is_file(), hashed + suffix


def test_hashed_static_files_are_cached_forever_and_sent_compressed(collected):
    _, served = collected
    assert served["url"].startswith("/static/greenroom/site.") and served["url"] != "/static/greenroom/site.css"
    assert "immutable" in served["cache"] and "max-age=315360000" in served["cache"]
    assert served["br"] == "br" and served["gz"] == "gzip"
    assert served["icon"][0] == 301 and served["icon"][1].endswith(".svg")


@pytest.mark.django_db
def test_public_html_is_gzipped_but_pages_with_secrets_are_not(client):
    from tests import factories

    activation = factories.activation(slug="open-day")
    session = factories.session(activation)
    signup = factories.signup(session)
    public = client.get("/a/open-day/", HTTP_ACCEPT_ENCODING="gzip")
    assert public["Content-Encoding"] == "gzip"
    private = client.get(signup.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert private.status_code == 200 and "Content-Encoding" not in private
    assert "Content-Encoding" not in client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
