"""Where ``bin/start`` serves, and the SITE_URL that follows from it (standard library only: it runs before Django).

E-mail links and the QR codes printed on copies are built on SITE_URL; on a fresh machine nobody has set it, so
it must be the address the development server really listens on, port included (``bin/start 8080``,
``PORT=8080 bin/start``), or every link points at a port where nothing answers. A SITE_URL set in the
environment (a proxy's public https address) always wins.

    .venv/bin/python -m qms.serve_address [ADDRESS]   prints "BIND SITE_URL ALLOWED_HOSTS", e.g.
    "127.0.0.1:8080 http://127.0.0.1:8080 127.0.0.1,localhost"

Served on every interface (``bin/start 0.0.0.0:8000``), SITE_URL names this machine's address on the network
and, unless ALLOWED_HOSTS is set, that address is allowed beside the defaults, so a phone scanning a QR code
reaches the page.
"""

import os
import socket
import sys
from urllib.parse import urlsplit

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = "8000"
# Addresses meaning "every interface": recognised in what the operator typed; nothing here binds.
WILDCARDS = {"0.0.0.0", "::", ""}  # nosec B104


class AddressError(ValueError):
    pass


def parse(address, env):
    """(host, port) from ``[HOST:]PORT`` (runserver's syntax), else PORT from the environment, else 8000."""
    address = (address or "").strip()
    host, port = DEFAULT_HOST, (env.get("PORT") or DEFAULT_PORT).strip()
    if address:
        if address.startswith("[") and "]:" in address:  # [::]:8080
            host, _, port = address[1:].partition("]:")
        elif address.count(":") == 1:
            host, _, port = address.partition(":")
        elif address.isdigit():
            port = address
        else:
            host = address
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise AddressError(f"bin/start: {port!r} is not a port number (1–65535).")
    return host or "0.0.0.0", port  # nosec B104: ":8080" means every interface, as for runserver


def primary_address():
    """The address other machines reach this one by: the interface a packet to the outside would leave from
    (a UDP "connect" sends nothing). Without a network, the loopback address."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere, only used to choose an interface
        return probe.getsockname()[0]
    except OSError:
        return DEFAULT_HOST
    finally:
        probe.close()


def serve_address(address="", env=None):
    """(bind, site_url): what runserver listens on and the SITE_URL that reaches it."""
    env = os.environ if env is None else env
    host, port = parse(address, env)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    site_url = (env.get("SITE_URL") or "").strip().rstrip("/")
    if not site_url:
        public = primary_address() if host in WILDCARDS else host
        shown = f"[{public}]" if ":" in public else public
        site_url = f"http://{shown}:{port}"
    return bind, site_url


def allowed_hosts(site_url, env=None):
    """ALLOWED_HOSTS as set, else the settings' default plus the host SITE_URL names."""
    env = os.environ if env is None else env
    if (env.get("ALLOWED_HOSTS") or "").strip():
        return env["ALLOWED_HOSTS"].strip()
    hosts = ["127.0.0.1", "localhost"]
    host = urlsplit(site_url).hostname
    if host and host not in hosts:
        hosts.append(host)
    return ",".join(hosts)


def main(argv):
    try:
        bind, site_url = serve_address(argv[1] if len(argv) > 1 else "")
    except AddressError as error:
        print(error, file=sys.stderr)
        return 2
    print(bind, site_url, allowed_hosts(site_url))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
