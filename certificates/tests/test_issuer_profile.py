"""The issuer id dereferences to a JSON-LD profile whose Multikey methods
(controller = issuer, under assertionMethod) verify the badges, retired keys
included; after a rotation ``created`` and the key used agree."""

import datetime
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.urls import reverse
from django.utils import timezone

from certificates import openbadges, services, signing
from certificates.models import SigningKey


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


def _badge(client, certificate) -> dict:
    client.force_login(certificate.user)
    return json.loads(
        client.get(reverse("certificates:badge", args=[certificate.pk])).content
    )


def _methods(client, issuer_id: str) -> dict:
    """Resolve like a verifier: GET the issuer id, read its Multikeys."""
    path = issuer_id.split("testserver", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    profile = json.loads(response.content)
    assert profile["id"] == issuer_id and "Profile" in profile["type"]
    keys = {}
    for method in profile["verificationMethod"]:
        assert method["type"] == "Multikey"
        assert method["controller"] == issuer_id
        assert method["id"] in profile["assertionMethod"]
        multibase = method["publicKeyMultibase"]
        assert multibase.startswith("z6Mk")
        raw = openbadges.base58btc_decode(multibase[1:])
        assert raw[:2] == b"\xed\x01"
        keys[method["id"]] = Ed25519PublicKey.from_public_bytes(raw[2:])
    return keys


def test_the_badge_s_verification_method_resolves_through_the_issuer_id(client, issued):
    badge = _badge(client, issued)
    issuer_id = badge["issuer"]["id"]
    methods = _methods(client, issuer_id)
    for proof in badge["proof"]:  # eddsa-rdfc-2022 and eddsa-jcs-2022
        assert proof["verificationMethod"].startswith(issuer_id + "#")
    proof = badge["proof"][0]
    key = methods[proof["verificationMethod"]]
    kid = proof["verificationMethod"].rsplit("#", 1)[1]
    assert openbadges.credential_verify(badge, public_keys={kid: key}) == kid


def test_after_a_rotation_the_retired_key_stays_resolvable_and_created_follows_the_key(
    client, issued, settings
):
    old_badge = _badge(client, issued)
    old_proof = old_badge["proof"][0]
    SigningKey.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    new_key = signing.private_key_generate()
    settings.CERTIFICATE_SIGNING_KEY = signing.private_key_to_pem(new_key)
    settings.CERTIFICATE_SIGNING_KEY_ID = "2027-01"
    new_badge = _badge(client, issued)
    new_proof = new_badge["proof"][0]
    assert new_proof["verificationMethod"].endswith("#2027-01")
    methods = _methods(client, new_badge["issuer"]["id"])
    assert old_proof["verificationMethod"] in methods  # retired, still there
    for badge, proof in ((old_badge, old_proof), (new_badge, new_proof)):
        kid = proof["verificationMethod"].rsplit("#", 1)[1]
        key = methods[proof["verificationMethod"]]
        assert openbadges.credential_verify(badge, public_keys={kid: key}) == kid
    key_since = SigningKey.objects.get(key_id="2027-01").created_at
    created = datetime.datetime.fromisoformat(new_proof["created"])
    assert created >= key_since.replace(microsecond=0)
