"""SITE_URL follows the address bin/start serves (issue 14, item 7): links in e-mails and QR codes work on a fresh
machine, on whatever port it was given, unless SITE_URL is set (qms/serve_address.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from qms import serve_address
from qms.serve_address import AddressError, allowed_hosts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("argument", "env", "expected"), [
    ("", {}, ("127.0.0.1:8000", "http://127.0.0.1:8000")),
    ("", {"PORT": "8123"}, ("127.0.0.1:8123", "http://127.0.0.1:8123")),
    ("9000", {"PORT": "8123"}, ("127.0.0.1:9000", "http://127.0.0.1:9000")),  # the argument wins
    ("localhost:8080", {}, ("localhost:8080", "http://localhost:8080")),
    ("", {"SITE_URL": "https://qms.example.vn/"}, ("127.0.0.1:8000", "https://qms.example.vn")),  # set: kept
])
def test_site_url_is_the_address_served_unless_set(argument, env, expected):
    assert serve_address.serve_address(argument, env) == expected


def test_served_on_every_interface_the_links_name_this_machines_address(monkeypatch):
    monkeypatch.setattr(serve_address, "primary_address", lambda: "192.168.1.20")
    bind, site_url = serve_address.serve_address("0.0.0.0:8000", {})
    assert (bind, site_url) == ("0.0.0.0:8000", "http://192.168.1.20:8000")
    # ... and that address is allowed, unless ALLOWED_HOSTS says otherwise.
    assert allowed_hosts(site_url, {}) == "127.0.0.1,localhost,192.168.1.20"
    assert allowed_hosts(site_url, {"ALLOWED_HOSTS": "qms.example.vn"}) == "qms.example.vn"
    assert allowed_hosts("http://127.0.0.1:8000", {}) == "127.0.0.1,localhost"


@pytest.mark.parametrize("argument", ["abc:x", "70000", "127.0.0.1:0"])
def test_a_bad_port_stops_start_with_a_message(argument):
    with pytest.raises(AddressError, match="port"):
        serve_address.serve_address(argument, {})


def test_bin_start_serves_and_exports_what_the_helper_prints():
    env = {"PATH": "/usr/bin:/bin", "PORT": "8765"}
    out = subprocess.run([sys.executable, "-m", "qms.serve_address"], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == ["127.0.0.1:8765", "http://127.0.0.1:8765", "127.0.0.1,localhost"]
    bad = subprocess.run([sys.executable, "-m", "qms.serve_address", "x:y"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "not a port number" in bad.stderr

    script = (ROOT / "bin" / "start").read_text()
    helper = script.index("qms.serve_address")
    # SITE_URL is exported before the worker (which renders QR codes and sends e-mail) and the server start,
    # and the server listens where the helper said.
    assert "export SITE_URL" in script[helper:script.index("db_worker")]
    assert 'runserver "$BIND"' in script
