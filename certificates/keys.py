"""Which key signs, and which public keys are published.

* Production: ``CERTIFICATE_SIGNING_KEY`` (an Ed25519 private key in PKCS#8 PEM)
  and optionally ``CERTIFICATE_SIGNING_KEY_ID`` come from the environment. The
  first time the key signs, its public half is recorded in ``SigningKey``.
* Development and the demo (no key configured): a key is generated once and kept
  in ``SigningKey`` (private half included). Production never does this
  (``CERTIFICATE_SIGNING_KEY_GENERATE = False``): without a configured key,
  signing raises :class:`SigningKeyMissing`.

Every recorded key stays in the published JWK set (``/verify/keys.json``), so
after a rotation certificates signed with an older key still verify.
"""

import logging
import threading

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import signing
from .models import SigningKey
from .openbadges import public_key_multibase

logger = logging.getLogger(__name__)

_cache_lock = threading.Lock()
_settings_key_cache: dict[str, tuple[Ed25519PrivateKey, str]] = {}


def _settings_key() -> tuple[Ed25519PrivateKey, str] | None:
    pem = (settings.CERTIFICATE_SIGNING_KEY or "").strip()
    if not pem:
        return None
    with _cache_lock:
        if pem not in _settings_key_cache:
            key = signing.private_key_from_pem(pem)
            key_id = settings.CERTIFICATE_SIGNING_KEY_ID or signing.key_id_for(key)
            _settings_key_cache[pem] = (key, key_id)
        return _settings_key_cache[pem]


def _record_settings_key(key: Ed25519PrivateKey, key_id: str) -> None:
    public = signing.b64url_encode(signing.public_key_raw(key))
    row = SigningKey.objects.filter(key_id=key_id).first()
    if row is not None:
        if row.public_key != public:
            raise ValueError(
                f"CERTIFICATE_SIGNING_KEY_ID {key_id!r} is already used by another "
                "key; give the new key a new id"
            )
        return
    try:
        with transaction.atomic():
            SigningKey.objects.create(
                key_id=key_id, public_key=public, source=SigningKey.Source.SETTINGS
            )
            SigningKey.objects.exclude(key_id=key_id).filter(is_active=True).update(
                is_active=False, retired_at=timezone.now()
            )
    except IntegrityError:  # another process recorded it at the same moment
        pass


class SigningKeyMissing(ImproperlyConfigured):
    """No key to sign with, and this deployment may not generate one."""


def signing_key_ensure() -> tuple[Ed25519PrivateKey, str]:
    """The private key that signs new certificates, and its key id."""
    configured = _settings_key()
    if configured is not None:
        _record_settings_key(*configured)
        return configured
    if not settings.CERTIFICATE_SIGNING_KEY_GENERATE:
        raise SigningKeyMissing(
            "No CERTIFICATE_SIGNING_KEY configured: certificates cannot be signed "
            "until one is set (production never generates a key)."
        )
    row = (
        SigningKey.objects.filter(source=SigningKey.Source.GENERATED, is_active=True)
        .exclude(private_key_pem="")
        .first()
    )
    if row is None:
        key = signing.private_key_generate()
        try:
            with transaction.atomic():
                row = SigningKey.objects.create(
                    key_id=signing.key_id_for(key),
                    public_key=signing.b64url_encode(signing.public_key_raw(key)),
                    private_key_pem=signing.private_key_to_pem(key),
                    source=SigningKey.Source.GENERATED,
                )
            logger.warning(
                "No CERTIFICATE_SIGNING_KEY configured: generated key %s for "
                "development. Configure a key in production.",
                row.key_id,
            )
        except IntegrityError:
            row = SigningKey.objects.get(
                source=SigningKey.Source.GENERATED, is_active=True
            )
    return signing.private_key_from_pem(row.private_key_pem), row.key_id


def published_keys() -> dict:
    """The JWK set of every key that ever signed (plus the configured one)."""
    keys = []
    seen = set()
    configured = _settings_key()
    if configured is not None:
        key, key_id = configured
        keys.append({**signing.public_jwk(key, key_id), "status": "active"})
        seen.add(key_id)
    for row in SigningKey.objects.order_by("created_at"):
        if row.key_id in seen:
            continue
        seen.add(row.key_id)
        active = row.is_active and configured is None
        keys.append(
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": "EdDSA",
                "use": "sig",
                "kid": row.key_id,
                "x": row.public_key,
                "status": "active" if active else "retired",
            }
        )
    return {"keys": keys}


def public_keys() -> dict:
    """``{kid: Ed25519PublicKey}`` of the published keys."""
    return signing.public_keys_from_jwks(published_keys())


def issuer_profile(*, issuer_id: str, name: str, url: str) -> dict:
    """The issuer's JSON-LD profile: every published key as a Multikey
    verification method controlled by the issuer and listed under
    ``assertionMethod`` (retired keys too: what they signed stays verifiable).
    """
    methods = []
    for jwk in published_keys()["keys"]:
        public = signing.public_keys_from_jwks({"keys": [jwk]})[jwk["kid"]]
        methods.append(
            {
                "id": f"{issuer_id}#{jwk['kid']}",
                "type": "Multikey",
                "controller": issuer_id,
                "publicKeyMultibase": public_key_multibase(public),
            }
        )
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://w3id.org/security/multikey/v1",
        ],
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "url": url,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
