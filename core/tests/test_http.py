"""The client address behind trusted proxies (TRUSTED_PROXY_COUNT)."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from core.http import client_ip

PROXY = "172.18.0.5"  # the reverse proxy, as the web container sees it


def request_from(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forged_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "6.6.6.6")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(forwarded="203.0.113.7")) == "203.0.113.7"
    # What the client wrote itself is left of the proxy's entry and never read.
    forged = request_from(forwarded="6.6.6.6, 7.7.7.7,203.0.113.7")
    assert client_ip(forged) == "203.0.113.7"


def test_behind_n_proxies_the_client_is_the_nth_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    chain = "6.6.6.6, 203.0.113.7, 10.0.0.3"  # forged, client, first proxy
    assert client_ip(request_from(forwarded=chain)) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request_from(forwarded=chain)) == "6.6.6.6"


def test_a_request_that_bypassed_the_proxies_counts_as_its_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("198.51.100.4", "203.0.113.7")) == "198.51.100.4"
    assert client_ip(request_from("198.51.100.4")) == "198.51.100.4"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("198.51.100.4", "not-an-ip")) == "198.51.100.4"
    assert client_ip(request_from("198.51.100.4", "")) == "198.51.100.4"


def test_ports_and_ipv6_spellings_are_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(forwarded="203.0.113.7:51234")) == "203.0.113.7"
    assert client_ip(request_from(forwarded="[2001:DB8::1]:443")) == "2001:db8::1"
    assert client_ip(request_from(forwarded="2001:db8:0::1")) == "2001:db8::1"
    assert client_ip(request_from(remote="")) == ""


def test_the_login_rate_limits_see_the_same_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(forwarded="6.6.6.6, 203.0.113.7")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert get_adapter(request).get_client_ip(request) == PROXY


def test_no_address_at_all_is_refused_by_the_login_rate_limits(settings):
    from django.core.exceptions import PermissionDenied

    request = request_from(remote="")
    with pytest.raises(PermissionDenied):
        get_adapter(request).get_client_ip(request)
