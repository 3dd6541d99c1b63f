"""Ed25519 payloads and Open Badges proofs: valid, tampered, unknown key, rotation."""

import base64
import json

import pytest

from certificates import openbadges, signing
from certificates.signing import Claims, VerificationError

CLAIMS = Claims(
    serial="SHTT-2026-000007",
    name="Võ Thị Ngọc Hân",
    course="Nhãn hiệu tập thể cho sản phẩm OCOP",
    date="2026-04-12",
)


@pytest.fixture(scope="module")
def key():
    return signing.private_key_generate()


def test_a_signed_payload_verifies_and_returns_its_claims(key):
    token = signing.payload_sign(CLAIMS, private_key=key, key_id="k1")
    verified = signing.payload_verify(token, public_keys={"k1": key.public_key()})
    assert verified.claims == CLAIMS
    assert verified.key_id == "k1"


def test_the_qr_text_with_the_url_in_front_verifies_too(key):
    token = signing.payload_sign(CLAIMS, private_key=key, key_id="k1")
    text = f"https://example.vn/verify/abc/#{token}"
    assert signing.payload_verify(text, public_keys={"k1": key.public_key()})


def _tamper(token: str, **changes) -> str:
    header, claims, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(claims + "=="))
    data.update(changes)
    body = signing.b64url_encode(signing.canonical_json(data))
    return f"{header}.{body}.{signature}"


@pytest.mark.parametrize(
    "field,value",
    [
        ("s", "SHTT-2026-000008"),
        ("n", "Võ Thị Ngọc Hàn"),
        ("c", "Khác"),
        ("d", "2026-04-13"),
    ],
)
def test_tampering_with_any_field_fails(key, field, value):
    token = signing.payload_sign(CLAIMS, private_key=key, key_id="k1")
    with pytest.raises(VerificationError):
        signing.payload_verify(
            _tamper(token, **{field: value}), public_keys={"k1": key.public_key()}
        )


def test_a_changed_key_id_or_signature_fails(key):
    token = signing.payload_sign(CLAIMS, private_key=key, key_id="k1")
    other = signing.private_key_generate()
    with pytest.raises(VerificationError, match="unknown key"):
        signing.payload_verify(token, public_keys={"k2": key.public_key()})
    with pytest.raises(VerificationError, match="signature"):
        signing.payload_verify(token, public_keys={"k1": other.public_key()})
    header, claims, sig = token.split(".")
    flipped = sig[:-2] + ("A" if sig[-2] != "A" else "B") + sig[-1]
    with pytest.raises(VerificationError):
        signing.payload_verify(
            f"{header}.{claims}.{flipped}", public_keys={"k1": key.public_key()}
        )


@pytest.mark.parametrize("junk", ["", "abc", "a.b", "a.b.c", "!!.??.**", "x" * 5000])
def test_garbage_is_rejected_with_a_verification_error(key, junk):
    with pytest.raises(VerificationError):
        signing.payload_verify(junk, public_keys={"k1": key.public_key()})


def test_the_published_jwk_set_round_trips(key):
    jwks = {"keys": [signing.public_jwk(key, "k1")]}
    keys = signing.public_keys_from_jwks(json.loads(json.dumps(jwks)))
    token = signing.payload_sign(CLAIMS, private_key=key, key_id="k1")
    assert signing.payload_verify(token, public_keys=keys).key_id == "k1"


def test_pem_keys_with_escaped_newlines_load(key):
    pem = signing.private_key_to_pem(key).replace("\n", "\\n")
    loaded = signing.private_key_from_pem(pem)
    assert signing.public_key_raw(loaded) == signing.public_key_raw(key)


def _credential():
    return openbadges.credential_build(
        credential_id="https://example.vn/verify/abc/",
        site_url="https://example.vn",
        issuer_id="https://example.vn/verify/issuer.json",
        issuer_name="Sở Khoa học và Công nghệ tỉnh Hậu Giang",
        holder_name="Võ Thị Ngọc Hân",
        course_url="https://example.vn/khoa-hoc/x/",
        course_title="Nhãn hiệu tập thể",
        course_description="",
        level_label="Cơ bản",
        hours="3,5",
        valid_from="2026-04-12T03:00:00Z",
        serial="SHTT-2026-000007",
    )


def test_an_open_badge_credential_is_signed_and_verifies(key):
    signed = openbadges.credential_sign(
        _credential(),
        private_key=key,
        verification_method="https://example.vn/verify/keys.json#k1",
        created="2026-04-12T03:00:00Z",
    )
    assert signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert signed["credentialSubject"]["achievement"]["achievementType"] == "Course"
    (proof,) = signed["proof"]  # the array form 1EdTech's schema wants
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["proofValue"].startswith("z")
    compacted = {**signed, "proof": proof}  # a single object verifies too
    assert openbadges.credential_verify(compacted, public_keys={"k1": key.public_key()})
    assert (
        openbadges.credential_verify(signed, public_keys={"k1": key.public_key()})
        == "k1"
    )
    tampered = json.loads(json.dumps(signed))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Người khác"
    with pytest.raises(VerificationError):
        openbadges.credential_verify(tampered, public_keys={"k1": key.public_key()})


def test_base58btc_round_trips():
    for data in (b"", b"\0\0abc", bytes(range(64))):
        assert openbadges.base58btc_decode(openbadges.base58btc_encode(data)) == data


def test_badge_proofs_canonicalise_with_rfc_8785_numbers_and_key_order():
    # RFC 8785 §3.2.2.3: numbers as ECMAScript writes them; keys by UTF-16 units.
    data = {"hours": 10.0, "half": 3.5, "€": 1, "\u0080": 2, "big": 1e21}
    assert (
        openbadges.canonical_json(data)
        == '{"big":1e+21,"half":3.5,"hours":10,"\u0080":2,"€":1}'.encode()
    )
