"""Revocation anyone can check: W3C Bitstring Status List v1.0, decoded here
with the standard library only (gzip, base64url), not the project's code."""

import base64
import gzip
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates import keys, openbadges, services


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


def _badge(client, certificate) -> dict:
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:badge", args=[certificate.pk]))
    return json.loads(response.content)


def _bit(client, status: dict) -> bool:
    response = client.get(status["statusListCredential"].split("testserver", 1)[1])
    assert response.status_code == 200
    credential = json.loads(response.content)
    assert "BitstringStatusListCredential" in credential["type"]
    subject = credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded[0] == "u"  # multibase base64url, no padding
    assert "=" not in encoded
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] >> (7 - index % 8) & 1)


def test_every_badge_carries_a_revocation_status_entry(client, issued):
    status = _badge(client, issued)["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListCredential"].endswith("/verify/status/1")
    assert (
        status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"
    )


def test_revoking_flips_the_bit_at_once_and_json_and_verify_agree(
    client, issued, editor
):
    status = _badge(client, issued)["credentialStatus"]
    json_url = reverse("certificates:verify_json", args=[issued.verification_code])
    assert _bit(client, status) is False
    assert client.get(json_url).json()["status"] == "issued"
    services.certificate_revoke(certificate=issued, actor=editor, reason="Sai tên")
    assert _bit(client, status) is True
    assert client.get(json_url).json()["status"] == "revoked"


def test_the_status_list_is_a_signed_credential_with_caching_headers(
    client, issued, editor
):
    url = reverse("certificates:status_list")
    response = client.get(url)
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Content-Type"] == "application/vc+ld+json"
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    credential = json.loads(response.content)
    assert openbadges.credential_verify(credential, public_keys=keys.public_keys())
    tampered = json.loads(response.content)
    tampered["credentialSubject"]["encodedList"] = "uH4sIAAAAAAAAA2NgAAAAAP__"
    with pytest.raises(openbadges.VerificationError):
        openbadges.credential_verify(tampered, public_keys=keys.public_keys())
    services.certificate_revoke(certificate=issued, actor=editor, reason="x")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
