"""Ed25519 signatures for certificates, verifiable offline (no database).

The payload printed in a certificate's QR code is a JWS in compact
serialisation (RFC 7515) with the EdDSA algorithm (RFC 8037)::

    BASE64URL(header) "." BASE64URL(claims) "." BASE64URL(signature)

* header: ``{"alg":"EdDSA","kid":"<key id>"}``
* claims (UTF-8 JSON, keys sorted, no spaces), version 2: every fact the PDF
  prints, a key left out when the certificate does not print it::

      {"b": date of birth YYYY-MM-DD, "c": course title,
       "d": issue date YYYY-MM-DD, "f": class start YYYY-MM-DD,
       "h": hours as printed ("3,5"), "i": issuer lines joined by " / ",
       "k": class title, "l": level as printed ("Nâng cao"),
       "n": holder's full name, "s": serial, "t": class end YYYY-MM-DD, "v": 2}

  One-letter keys keep the QR small enough to scan from paper (issue 14).
  Version 1 payloads (``c d n s``, with ``"typ":"shtt-cert+jws"`` in the
  header) printed before stay verifiable.

* signature: Ed25519 over the ASCII bytes ``BASE64URL(header).BASE64URL(claims)``.

Public keys are published as a JWK set at ``/verify/keys.json``
(``{"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": ..., "x": ...}]}``); every
key that ever signed stays in it, so rotating the key keeps old certificates
verifiable. This module holds only pure functions; ``certificates.keys`` finds the
private key (settings or the database) and builds the published list.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

PAYLOAD_TYPE = "shtt-cert+jws"
PAYLOAD_VERSION = 2
PAYLOAD_VERSIONS = (1, 2)


class VerificationError(Exception):
    """The payload is malformed, signed by an unknown key, or tampered with."""


@dataclass(frozen=True)
class Claims:
    serial: str
    name: str
    course: str
    date: str  # ISO date of issue, YYYY-MM-DD
    date_of_birth: str = ""  # ISO, only when the certificate prints it
    level: str = ""  # as printed
    hours: str = ""  # as printed, decimal comma
    class_title: str = ""
    class_start: str = ""  # ISO
    class_end: str = ""  # ISO
    issuer: str = ""  # the printed issuer lines joined by " / "
    version: int = PAYLOAD_VERSION

    def as_json(self) -> dict:
        if self.version == 1:
            fields = {"c": self.course, "d": self.date, "n": self.name}
            return {**fields, "s": self.serial, "v": 1}
        data = {
            code: getattr(self, name)
            for code, name in CLAIM_CODES.items()
            if getattr(self, name)
        }
        data["v"] = self.version
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Claims":
        version = data.get("v")
        if version not in PAYLOAD_VERSIONS:
            raise VerificationError("unsupported payload version")
        required = ("s", "n", "c", "d")
        missing = [code for code in required if not isinstance(data.get(code), str)]
        if missing:
            raise VerificationError(f"missing claim {missing[0]!r}")
        values = {
            name: str(data.get(code) or "")
            for code, name in CLAIM_CODES.items()
            if version > 1 or code in required
        }
        return cls(**values, version=version)


#: One-letter claim -> Claims field (version 2).
CLAIM_CODES = {
    "s": "serial",
    "n": "name",
    "b": "date_of_birth",
    "c": "course",
    "l": "level",
    "h": "hours",
    "k": "class_title",
    "f": "class_start",
    "t": "class_end",
    "i": "issuer",
    "d": "date",
}


@dataclass(frozen=True)
class Verified:
    claims: Claims
    key_id: str


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if any(ch not in _B64URL for ch in text):
        raise VerificationError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise VerificationError("not base64url") from exc


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def canonical_json(value) -> bytes:
    """Sorted keys, no whitespace, UTF-8 (equal to RFC 8785 JCS for our data)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


# --- keys -------------------------------------------------------------------


def private_key_generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_from_pem(pem: str | bytes) -> Ed25519PrivateKey:
    """Load a PKCS#8 PEM; ``\\n`` escapes (common in .env files) are accepted."""
    if isinstance(pem, str):
        pem = pem.replace("\\n", "\n").strip().encode("ascii")
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("CERTIFICATE_SIGNING_KEY must be an Ed25519 private key")
    return key


def private_key_to_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def public_key_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A stable default key id: 12 characters of the public key's SHA-256."""
    return b64url_encode(hashlib.sha256(public_key_raw(key)).digest())[:12]


def public_jwk(key: Ed25519PrivateKey | Ed25519PublicKey, key_id: str) -> dict:
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "use": "sig",
        "kid": key_id,
        "x": b64url_encode(public_key_raw(key)),
    }


def public_keys_from_jwks(document: dict) -> dict[str, Ed25519PublicKey]:
    """Read a JWK set (the published keys.json) into ``{kid: public key}``."""
    keys = {}
    for jwk in document.get("keys", []):
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "kid" not in jwk:
            continue
        raw = b64url_decode(jwk["x"])
        keys[jwk["kid"]] = Ed25519PublicKey.from_public_bytes(raw)
    return keys


# --- sign and verify ------------------------------------------------------------


def sign_bytes(message: bytes, *, private_key: Ed25519PrivateKey) -> bytes:
    return private_key.sign(message)


def payload_sign(claims: Claims, *, private_key: Ed25519PrivateKey, key_id: str) -> str:
    header = {"alg": "EdDSA", "kid": key_id}
    if claims.version == 1:
        header["typ"] = PAYLOAD_TYPE
    signing_input = (
        b64url_encode(canonical_json(header))
        + "."
        + b64url_encode(canonical_json(claims.as_json()))
    )
    signature = private_key.sign(signing_input.encode("ascii"))
    return signing_input + "." + b64url_encode(signature)


def payload_extract(text: str) -> str:
    """The JWS from a QR text ("<verification URL>#<JWS>") or the JWS itself."""
    text = text.strip()
    if "#" in text:
        text = text.rsplit("#", 1)[1]
    return text


def payload_verify(text: str, *, public_keys: dict[str, Ed25519PublicKey]) -> Verified:
    """Check the signature and return the claims; raise VerificationError."""
    token = payload_extract(text)
    parts = token.split(".")
    if len(parts) != 3:
        raise VerificationError("a payload has three dot-separated parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise VerificationError("the payload is not valid JSON") from exc
    if not isinstance(header, dict) or header.get("alg") != "EdDSA":
        raise VerificationError("unsupported algorithm")
    key_id = header.get("kid")
    public_key = public_keys.get(key_id)
    if public_key is None:
        raise VerificationError(f"unknown key id {key_id!r}")
    try:
        public_key.verify(b64url_decode(parts[2]), f"{parts[0]}.{parts[1]}".encode())
    except InvalidSignature as exc:
        raise VerificationError("the signature does not match") from exc
    if not isinstance(claims, dict):
        raise VerificationError("unsupported payload version")
    return Verified(claims=Claims.from_json(claims), key_id=key_id)
