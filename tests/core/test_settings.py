"""The database is always PostgreSQL; with DATABASE_URL unset the embedded server starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_tests_run_on_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_database_answers_as_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


PROBE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT version()")
    print(cursor.fetchone()[0])
print("HOST=" + connection.connection.info.host)
"""


@pytest.mark.slow
def test_embedded_postgresql_starts_when_database_url_is_unset(tmp_path):
    pgdata = tmp_path / "pg"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="true",
        PORTAL_EMBEDDED_PGDATA=str(pgdata),
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("PostgreSQL 18"), result.stdout
    assert f"HOST={pgdata}" in result.stdout
    log_lines = [line for line in result.stderr.splitlines() if "embedded PostgreSQL" in line]
    assert len(log_lines) == 1, result.stderr
    assert "DATABASE_URL is unset" in log_lines[0]
    # The last handle closed: the server stopped with the process.
    assert not (pgdata / "postmaster.pid").exists()


def _without_secret() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return env


def test_production_server_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT, env=_without_secret(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_management_commands_run_without_a_secret_key():
    """A fresh checkout can check its migrations before any configuration."""
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env=_without_secret(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize(("value", "shown"), [("", "5"), ("10", "10"), ("1", "2 or more")])
def test_the_small_number_threshold_comes_from_the_environment(value, shown):
    env = {**_without_secret(), "DJANGO_SECRET_KEY": "x" * 50}
    env.pop("PORTAL_SMALL_NUMBER_THRESHOLD", None)
    if value:
        env["PORTAL_SMALL_NUMBER_THRESHOLD"] = value
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import "
         "settings; print(settings.SMALL_NUMBER_THRESHOLD)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert shown in (result.stdout if value != "1" else result.stderr)
    assert (result.returncode == 0) == (value != "1")


def test_debug_is_off_by_default():
    assert settings.DEBUG is False


def test_every_environment_variable_is_documented():
    import re

    settings_source = (ROOT / "config" / "settings.py").read_text()
    used = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert used, "no variables found: the pattern is wrong"
    assert used <= documented, used - documented
