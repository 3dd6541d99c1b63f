"""Open Badges 3.0: a certificate as a signed OpenBadgeCredential (JSON).

The credential follows the Open Badges 3.0 data model on the W3C Verifiable
Credentials Data Model 2.0; the achievement is the course. It carries an
embedded Data Integrity proof with the ``eddsa-jcs-2022`` cryptosuite, signed by
the same Ed25519 key as the QR payload:

1. ``proofConfig`` = the proof without ``proofValue``, plus the credential's
   ``@context``;
2. ``hashData`` = SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(credential without
   ``proof``)), JCS being the JSON Canonicalization Scheme (RFC 8785);
3. ``proofValue`` = "z" + base58btc(Ed25519 signature of ``hashData``).

``verificationMethod`` is ``<issuer id>#<key id>``: the issuer id
(``/verify/issuer.json``) dereferences to a profile listing each key as a
Multikey under ``assertionMethod``; the same key is the JWK with that ``kid``
in ``/verify/keys.json``. Pure functions, no ORM.
"""

import copy
import hashlib

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from . import rdfc
from .signing import VerificationError


def canonical_json(value) -> bytes:
    """RFC 8785 JCS (a whole-number float is written ``10``, not ``10.0``)."""
    return rfc8785.dumps(value)


CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
RDFC_CRYPTOSUITE = "eddsa-rdfc-2022"
CRYPTOSUITES = (CRYPTOSUITE, RDFC_CRYPTOSUITE)
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """Multikey ``publicKeyMultibase``: "z" + base58btc(0xed01 ‖ raw key)."""
    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return "z" + base58btc_encode(b"\xed\x01" + raw)


def base58btc_decode(text: str) -> bytes:
    number = 0
    for ch in text:
        index = _B58.find(ch)
        if index < 0:
            raise VerificationError("proofValue is not base58btc")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


def credential_build(
    *,
    credential_id: str,
    site_url: str,
    issuer_id: str,
    issuer_name: str,
    holder_name: str,
    course_url: str,
    course_title: str,
    course_description: str,
    level_label: str,
    hours: str,
    valid_from: str,  # ISO 8601 date-time, UTC ("2026-04-12T03:00:00Z")
    serial: str,
    activity_start: str = "",
    activity_end: str = "",
    credential_status: dict | None = None,
) -> dict:
    """The unsigned OpenBadgeCredential."""
    achievement = {
        "id": course_url,
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": course_title,
        "description": course_description or course_title,
        "criteria": {
            "narrative": "Hoàn thành khóa bồi dưỡng theo các điều kiện của khóa học "
            "(bài học bắt buộc, bài kiểm tra cuối khóa, chuyên cần)."
        },
        "inLanguage": "vi",
    }
    if level_label:
        achievement["fieldOfStudy"] = level_label
    if hours:
        achievement["creditsAvailable"] = float(hours.replace(",", "."))
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": holder_name,
            }
        ],
        "achievement": achievement,
    }
    if activity_start:
        subject["activityStartDate"] = activity_start
    if activity_end:
        subject["activityEndDate"] = activity_end
    credential = {
        "@context": list(CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": course_title,
        "description": f"Giấy chứng nhận số {serial}",
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": issuer_name,
            "url": site_url + "/",
        },
        "validFrom": valid_from,
        "credentialSubject": subject,
    }
    if credential_status:
        credential["credentialStatus"] = credential_status
    return credential


def _canonical(value: dict, cryptosuite: str) -> bytes:
    if cryptosuite == RDFC_CRYPTOSUITE:
        return rdfc.canonize(value)
    return canonical_json(value)


def _hash_data(unsecured: dict, proof_config: dict) -> bytes:
    suite = proof_config.get("cryptosuite", CRYPTOSUITE)
    return (
        hashlib.sha256(_canonical(proof_config, suite)).digest()
        + hashlib.sha256(_canonical(unsecured, suite)).digest()
    )


def credential_sign(
    credential: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    cryptosuites: tuple[str, ...] = (CRYPTOSUITE,),
) -> dict:
    """Return a copy of ``credential`` with one proof per cryptosuite (a proof
    set: each signs the document without proofs)."""
    unsecured = copy.deepcopy(credential)
    unsecured.pop("proof", None)
    proofs = []
    for suite in cryptosuites:
        proof = {
            "type": "DataIntegrityProof",
            "cryptosuite": suite,
            "created": created,
            "verificationMethod": verification_method,
            "proofPurpose": "assertionMethod",
            # The proof carries the document's @context (vc-di-eddsa, as in
            # its published test vectors); the signed configuration is it.
            "@context": unsecured["@context"],
        }
        signature = private_key.sign(_hash_data(unsecured, proof))
        proofs.append({**proof, "proofValue": "z" + base58btc_encode(signature)})
    # An array: 1EdTech's OB 3.0 JSON schema accepts only that form, and a
    # compacted single object is the same graph for JSON-LD verifiers.
    return {**unsecured, "proof": proofs}


def _proof_verify(unsecured: dict, proof: dict, public_keys: dict) -> str:
    if not isinstance(proof, dict) or proof.get("cryptosuite") not in CRYPTOSUITES:
        raise VerificationError("no eddsa-jcs-2022 or eddsa-rdfc-2022 proof")
    proof = dict(proof)
    value = str(proof.pop("proofValue", ""))
    if not value.startswith("z"):
        raise VerificationError("proofValue must be multibase base58btc")
    key_id = str(proof.get("verificationMethod", "")).rsplit("#", 1)[-1]
    public_key = public_keys.get(key_id)
    if public_key is None:
        raise VerificationError(f"unknown key id {key_id!r}")
    config = {**proof, "@context": unsecured.get("@context")}
    try:
        public_key.verify(base58btc_decode(value[1:]), _hash_data(unsecured, config))
    except InvalidSignature as exc:
        raise VerificationError("the proof does not match") from exc
    return key_id


def credential_verify(
    credential: dict, *, public_keys: dict[str, Ed25519PublicKey]
) -> str:
    """Check every proof (one object, or the array form); return the key id
    that signed, or raise VerificationError."""
    unsecured = copy.deepcopy(credential)
    proofs = unsecured.pop("proof", None)
    if not isinstance(proofs, list):
        proofs = [proofs]
    if not proofs:
        raise VerificationError("no proof")
    return [_proof_verify(unsecured, proof, public_keys) for proof in proofs][0]
