"""W3C Bitstring Status List v1.0: who can see that a badge was revoked.

Every Open Badge carries a ``credentialStatus`` entry (purpose ``revocation``)
pointing at bit ``statusListIndex`` of one list, published at
``/verify/status/1`` as a signed ``BitstringStatusListCredential``. The index is
the certificate's primary key (never reused). A set bit means revoked.

``encodedList`` is the Multibase base64url (no padding, prefix ``u``) of the
GZIP-compressed bitstring, the first index being the left-most (most
significant) bit of the first byte, as the specification says. The list is at
least 131,072 bits (16 KB) long, the specification's minimum for group
privacy. Pure functions; the view gathers the revoked indexes.
"""

import base64
import gzip

from .signing import VerificationError

MIN_BITS = 131_072


def bitstring(revoked: list[int], *, size: int) -> bytes:
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def list_size(highest_index: int) -> int:
    """Bits for indexes 0..highest_index, rounded up to 131,072 bits."""
    blocks = highest_index // MIN_BITS + 1
    return blocks * MIN_BITS


def encode(bits: bytes) -> str:
    # mtime=0: the same list gives the same bytes (stable ETag and signature).
    packed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise VerificationError("encodedList must be multibase base64url ('u')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def entry(*, list_url: str, index: int) -> dict:
    """A badge's ``credentialStatus``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def credential_build(
    *, list_url: str, issuer_id: str, valid_from: str, revoked: list[int], size: int
) -> dict:
    """The unsigned BitstringStatusListCredential."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(bitstring(revoked, size=size)),
        },
    }
