"""eddsa-rdfc-2022 on the Open Badge: checked here with PyLD and
`cryptography` directly (RDFC-1.0 hashes recomputed outside the project's
proof code), with every context bundled and no network fetch."""

import copy
import hashlib

import pytest
from pyld import jsonld

from certificates import keys, openbadges, rdfc
from certificates.signing import VerificationError


def _nquads(document: dict) -> bytes:
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": rdfc.document_loader,
        },
    ).encode()


def test_the_badge_carries_an_rdfc_proof_that_an_independent_check_accepts(badge):
    suites = [proof["cryptosuite"] for proof in badge["proof"]]
    assert suites == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    proof = dict(badge["proof"][0])
    value = proof.pop("proofValue")
    unsecured = {k: v for k, v in badge.items() if k != "proof"}
    hash_data = (
        hashlib.sha256(_nquads(proof)).digest()
        + hashlib.sha256(_nquads(unsecured)).digest()
    )
    kid = proof["verificationMethod"].rsplit("#", 1)[1]
    public = keys.public_keys()[kid]
    public.verify(openbadges.base58btc_decode(value[1:]), hash_data)  # raises if bad
    assert openbadges.credential_verify(badge, public_keys=keys.public_keys()) == kid


def test_a_changed_badge_fails_both_proofs(badge):
    for index in (0, 1):
        tampered = copy.deepcopy(badge)
        tampered["proof"] = [tampered["proof"][index]]
        tampered["credentialSubject"]["achievement"]["creditsAvailable"] = 400
        with pytest.raises(VerificationError):
            openbadges.credential_verify(tampered, public_keys=keys.public_keys())


def test_a_term_no_context_defines_is_an_error_not_silently_unsigned(badge):
    unsecured = {k: v for k, v in badge.items() if k != "proof"}
    unsecured["credentialSubject"]["nickname"] = "không ký"
    with pytest.raises(VerificationError, match="canonicalise"):
        rdfc.canonize(unsecured)


def test_the_document_loader_never_fetches_an_unbundled_context():
    with pytest.raises(jsonld.JsonLdError, match="not bundled"):
        rdfc.document_loader("https://example.org/any-context.jsonld")
    document = {"@context": "https://example.org/any-context.jsonld", "name": "x"}
    with pytest.raises(VerificationError):
        rdfc.canonize(document)
