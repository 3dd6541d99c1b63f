"""RDF Dataset Canonicalization (RDFC-1.0 / URDNA2015) with PyLD, offline.

``canonize`` gives the N-Quads the ``eddsa-rdfc-2022`` cryptosuite hashes.
Every JSON-LD context is bundled in ``certificates/jsonld/`` and served by
``document_loader``, which never fetches the network: an unknown context is an
error, never a download. A term that no context defines would silently fall out
of the signed graph (PyLD has no "safe mode"), so ``canonize`` first checks that
every property survives expansion and compaction, and refuses otherwise.
"""

import functools
import json
from pathlib import Path

from pyld import jsonld

from .signing import VerificationError

FOLDER = Path(__file__).resolve().parent / "jsonld"
BUNDLED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "ob-context-3.0.3.json"
    ),
}


@functools.cache
def _context(name: str) -> dict:
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    name = BUNDLED.get(url)
    if name is None:
        raise jsonld.JsonLdError(
            f"the JSON-LD context {url} is not bundled (no network fetch)",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {"contextUrl": None, "documentUrl": url, "document": _context(name)}


def _property_names(value, names: set) -> set:
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "@context":
                names.add(key)
                _property_names(item, names)
    elif isinstance(value, list):
        for item in value:
            _property_names(item, names)
    return names


def canonize(document: dict) -> bytes:
    options = {"documentLoader": document_loader}
    try:
        expanded = jsonld.expand(document, options)
        compacted = jsonld.compact(expanded, document.get("@context", {}), options)
        dropped = _property_names(document, set()) - _property_names(compacted, set())
        if dropped:
            raise VerificationError(
                "cannot canonicalise: no context defines " + ", ".join(sorted(dropped))
            )
        nquads = jsonld.normalize(
            expanded,
            {**options, "algorithm": "URDNA2015", "format": "application/n-quads"},
        )
    except jsonld.JsonLdError as exc:
        raise VerificationError(f"cannot canonicalise: {exc}") from exc
    return nquads.encode("utf-8")
