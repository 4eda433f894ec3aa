"""The client's address, the same way for every per-address rule (citizens' feedback limit, login lock).

Behind a proxy every request comes from the proxy's address, so the real client is read from
``X-Forwarded-For``, but only when the request comes from a proxy listed in ``TRUSTED_PROXIES``:
anyone else could write that header and pick a fresh address for every request. The header is read
from the right (the address our proxy saw) leftwards, skipping our own proxies; the first address not
ours is the client. Malformed entries are never trusted.
"""

import ipaddress

from django.conf import settings


def parse_networks(values):
    """ip_network objects for TRUSTED_PROXIES entries (single addresses or CIDR ranges); ValueError if bad."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The client's address as text ("" when unknown)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = settings.TRUSTED_PROXY_NETWORKS
    if not networks or not _trusted(_address(remote), networks):
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for part in reversed(forwarded):
        address = _address(part)
        if address is None:
            break  # a malformed hop: nothing left of it can be trusted, fall back to the last good one
        if not _trusted(address, networks):
            return str(address)
        remote = str(address)
    return remote
