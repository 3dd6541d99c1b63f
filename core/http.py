"""Who sent a request: the client address that per-address limits count."""

import ipaddress

from django.conf import settings


def _address(value: str) -> str:
    """``value`` as a normalised IP address ("" if it is not one); ports dropped."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The address of the client, or "" when none can be told.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies in front of the site appends the
    address it got the request from to X-Forwarded-For, so the client is the
    N-th entry from the right; entries further left come from the client and
    may be anything, so they are never read. With no trusted proxy (the
    default) the header is ignored. A header shorter than the proxy chain or an
    entry that is not an address means the request did not come through the
    proxies: the peer address (REMOTE_ADDR) is used, as it is without proxies.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= count:
            address = _address(entries[-count])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR", ""))
