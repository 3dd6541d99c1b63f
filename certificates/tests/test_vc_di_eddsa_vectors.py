"""The project's eddsa-jcs-2022 code against W3C vc-di-eddsa's published test
vectors (vendored unchanged in tests/vectors/vc-di-eddsa/)."""

import copy
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from certificates import openbadges
from certificates.signing import VerificationError

VECTORS = Path(__file__).parent / "vectors" / "vc-di-eddsa"


def _load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def _multikey(value: str, header: bytes) -> bytes:
    raw = openbadges.base58btc_decode(value[1:])  # "z" = base58btc
    assert value[0] == "z" and raw[:2] == header
    return raw[2:]


@pytest.fixture(scope="module")
def pair():
    keys = _load("keyPair.json")
    public = _multikey(keys["publicKeyMultibase"], b"\xed\x01")  # ed25519-pub
    seed = _multikey(keys["privateKeyMultibase"], b"\x80\x26")  # ed25519-priv
    private = Ed25519PrivateKey.from_private_bytes(seed)
    assert (
        openbadges.public_key_multibase(private.public_key())
        == (keys["publicKeyMultibase"])
    )
    return (
        keys["publicKeyMultibase"],
        Ed25519PublicKey.from_public_bytes(public),
        private,
    )


def test_the_published_signed_credential_verifies_with_our_code(pair):
    kid, public, _ = pair
    signed = _load("signedJCS.json")
    assert openbadges.credential_verify(signed, public_keys={kid: public}) == kid


def test_signing_the_vector_s_credential_gives_the_published_proof(pair):
    kid, _, private = pair
    signed = _load("signedJCS.json")
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    ours = openbadges.credential_sign(
        unsigned,
        private_key=private,
        verification_method=signed["proof"]["verificationMethod"],
        created=signed["proof"]["created"],
    )
    (proof,) = ours["proof"]
    assert proof == signed["proof"]  # same fields, @context and proofValue


def test_a_changed_vector_fails(pair):
    kid, public, _ = pair
    signed = copy.deepcopy(_load("signedJCS.json"))
    signed["credentialSubject"]["alumniOf"] = "Another School"
    with pytest.raises(VerificationError):
        openbadges.credential_verify(signed, public_keys={kid: public})
