"""The project's promises: deploy checks, migrations, compose file, translations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
import yaml
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-and-random-production-secret-9f8e7d",
        ALLOWED_HOSTS="workshop.example.dk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_a_secret_key():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        ALLOWED_HOSTS="workshop.example.dk",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_models_and_migrations_agree():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ\n")
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        SECRET_KEY_FILE=str(secret),
    )
    assert result.stdout.strip().endswith("from-a-file-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ")


def settings_names() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    return set(re.findall(r'env(?:_bool|_int|_list|_secret)?\("([A-Z_]+)"', source))


def test_compose_matches_the_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "app"}
    db_env = services["db"]["environment"]
    app = services["app"]
    app_env = app["environment"]

    # Every variable the app is given is one the settings read.
    assert set(app_env) <= settings_names()

    url = dj_database_url.parse(app_env["DATABASE_URL"])
    assert url["ENGINE"] == "django.db.backends.postgresql"
    assert url["HOST"] == "db"
    assert url["NAME"] == db_env["POSTGRES_DB"]
    assert url["USER"] == db_env["POSTGRES_USER"]
    assert url["PASSWORD"] == db_env["POSTGRES_PASSWORD"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "migrate" in app["command"] and "gunicorn config.wsgi" in app["command"]
    assert reverse("healthz") in " ".join(app["healthcheck"]["test"])
    assert "pgdata" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in services["db"]["volumes"])
    assert (ROOT / "Dockerfile").exists()


@pytest.mark.django_db
def test_healthz_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_danish_translation_is_complete():
    po = (ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po").read_text()
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'msgstr ""\n*$', e.strip() + "\n")]
    assert untranslated == []
    assert "#, fuzzy" not in po
    assert (ROOT / "locale" / "da" / "LC_MESSAGES" / "django.mo").exists()


def test_readme_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci


def test_compose_scale_profile_puts_a_proxy_in_front_of_the_replicas():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    proxy = compose["services"]["proxy"]
    assert proxy["profiles"] == ["scale"]
    assert any(v.startswith("./deploy/nginx.conf:") for v in proxy["volumes"])
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    app_port = compose["services"]["app"]["command"].split("--bind 0.0.0.0:")[1].split()[0]
    assert f"server app:{app_port}" in config
    assert "X-Forwarded-For" in config
    # The app trusts exactly as many proxies as the profile puts in front of it.
    assert "NUM_PROXIES" in compose["services"]["app"]["environment"]


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-9f8e7d",
    "ALLOWED_HOSTS": "workshop.example.dk",
}


def production_settings(*names: str, **env: str) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(
        f"print(repr(getattr(settings, {name!r}, None)))" for name in names
    )
    result = run_manage("shell", "-c", code, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_x_forwarded_proto_is_believed_only_behind_a_proxy():
    names = ("SECURE_PROXY_SSL_HEADER", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_SAMESITE")
    # gunicorn's own port (docker-compose's default): any client could send it.
    assert production_settings(*names) == ["None", "True", "'Lax'"]
    behind = "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert production_settings(names[0], NUM_PROXIES="1") == [behind]
    assert production_settings(names[0], TRUST_X_FORWARDED_PROTO="1") == [behind]


def test_a_clients_x_forwarded_proto_does_not_make_a_request_secure(settings):
    from django.test import RequestFactory

    assert settings.NUM_PROXIES == 0
    request = RequestFactory().get("/", headers={"x-forwarded-proto": "https"})
    assert not request.is_secure()


def test_compose_says_its_direct_port_is_for_development():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "Development only" in compose
    assert "X-Forwarded-Proto" in compose
    readme = (ROOT / "README.md").read_text()
    assert "for development only" in readme
    assert "`TRUST_X_FORWARDED_PROTO`" in readme
