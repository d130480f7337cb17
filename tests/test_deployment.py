"""Settings, health check and the production WSGI stack (gunicorn + whitenoise) run for real."""

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from tests.processes import ASYNC_UNSAFE, child_environment

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kb.settings.production",
    "SECRET_KEY": "x7#Gq!2vLr9@Tz4&Wm8^Pb1*Ns6%Hd3(Kf5)Jc0-Yu-long-enough-for-check-deploy",
    "ALLOWED_HOSTS": "kb.example.org,127.0.0.1",
}


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        env=child_environment(env), timeout=300,
    )


def test_tests_use_postgresql_when_make_test_asks_for_it(db):
    if os.environ.get("KB_REQUIRE_POSTGRES"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.smoke
def test_health_check_answers_with_database_state(client, db):
    response = client.get("/healthz/", HTTP_HOST="not-an-allowed-host")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_production_settings_pass_check_deploy(monkeypatch):
    # The browser fixture may have lifted the async guard in this worker; the product never inherits it.
    monkeypatch.setenv(ASYNC_UNSAFE, "true")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_base_settings_are_secure_by_default():
    from kb.settings import base

    assert base.DEBUG is False


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, headers=None):
    """One plain request, redirects not followed, so their targets can be checked."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def gunicorn_server(tmp_path):
    """The Dockerfile's runtime: collected static files, production settings, gunicorn."""
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "static"), "KB_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in os.environ else None
    for args in (("collectstatic", "--noinput", "-v0"), ("migrate", "--noinput", "-v0")):
        result = run_manage(*args, env=env)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "kb.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=child_environment(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _get(f"{base}/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        yield base, tmp_path / "static"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_gunicorn_serves_health_pages_and_hashed_static_files(gunicorn_server):
    base, static_root = gunicorn_server
    status, _headers, body = _get(f"{base}/healthz/")
    assert status == 200 and b'"ok"' in body
    # Plain HTTP is redirected to HTTPS; behind the proxy (X-Forwarded-Proto) pages are served.
    status, headers, _ = _get(f"{base}/ro/", {"Host": "kb.example.org"})
    assert status == 301 and headers["Location"].startswith("https://")
    status, _headers, _ = _get(f"{base}/", {"Host": "kb.example.org", "X-Forwarded-Proto": "https"})
    assert status == 302
    hashed = next((static_root / "kb").glob("site.*.css"))
    status, headers, body = _get(f"{base}/static/kb/{hashed.name}", {"Host": "kb.example.org", "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") in {"gzip", "br"}
