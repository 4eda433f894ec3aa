import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from qms.env import database_config, envbool, envchoice, envint, envlist, envstr

ROOT = Path(__file__).resolve().parents[2]


def test_envbool_reads_common_spellings_and_refuses_others(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert envbool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", default=True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        envbool("X_FLAG")


def test_envint_refuses_text_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    assert envint("X_NUM", 1) == 12
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        envint("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="minimum"):
        envint("X_NUM", 1, minimum=1)


def test_envstr_required_names_the_variable(monkeypatch):
    monkeypatch.delenv("X_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_REQUIRED"):
        envstr("X_REQUIRED", required=True)
    assert envstr("X_REQUIRED", "fallback") == "fallback"


def test_envlist_and_envchoice(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.vn, b.vn ,,")
    assert envlist("X_HOSTS") == ["a.vn", "b.vn"]
    monkeypatch.setenv("X_MODE", "staging")
    with pytest.raises(ImproperlyConfigured, match="X_MODE"):
        envchoice("X_MODE", "development", {"development", "production"})


def test_sqlite_database_gets_wal_immediate_and_busy_timeout(tmp_path):
    config = database_config(f"sqlite:///{tmp_path}/sub/db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 20
    assert (tmp_path / "sub").is_dir()


def test_postgres_url_is_parsed():
    config = database_config("postgres://postgres@127.0.0.1:5432/qms")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "qms" and config["HOST"] == "127.0.0.1"


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config("mysql://root@localhost/qms")


def _start(env):
    base = {k: v for k, v in os.environ.items() if k not in {"QMS_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"}}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_stops_startup_naming_the_variable():
    result = _start({"QMS_ENV": "production", "ALLOWED_HOSTS": "qms.example.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_malformed_debug_value_stops_startup_naming_the_variable():
    result = _start({"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_profile_passes_check_deploy():
    env = {
        "QMS_ENV": "production",
        "SECRET_KEY": "p" * 20 + "-k3y-for-the-deploy-check-" + "z" * 20,
        "ALLOWED_HOSTS": "qms.example.vn",
        "DATABASE_URL": "sqlite:////tmp/qms-deploy-check.sqlite3",
    }
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    base.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
