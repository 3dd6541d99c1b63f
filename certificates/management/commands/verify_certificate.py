"""Verify a certificate's signed payload offline: no database, no network needed.

    manage.py verify_certificate --payload "<QR text or JWS>" [--keys keys.json]
    manage.py verify_certificate --pdf certificate.pdf [--keys keys.json]

``--keys`` is the published key set (download ``/verify/keys.json`` once); without
it the key configured in CERTIFICATE_SIGNING_KEY is used. Exit status 0 when the
signature is valid, 1 otherwise.
"""

import json
import re
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates import keys as key_store
from certificates import signing
from certificates.pdf import KEYWORDS_PREFIX

KEYWORDS_RE = re.compile(
    rb"/Keywords\s*\((" + re.escape(KEYWORDS_PREFIX.encode()) + rb"[^)]*)\)"
)


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_qr_text(path: Path) -> tuple[str, str | None]:
    """The QR text stored in the PDF's Keywords, and the page text if readable."""
    raw = path.read_bytes()
    page_text = None
    keywords = ""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        keywords = (reader.metadata or {}).get("/Keywords", "") or ""
        page_text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except ImportError:
        match = KEYWORDS_RE.search(raw)
        keywords = match.group(1).decode("latin-1") if match else ""
    except Exception as exc:  # a damaged file
        raise CommandError(f"cannot read {path}: {exc}") from exc
    if not keywords.startswith(KEYWORDS_PREFIX):
        raise CommandError(f"{path} carries no certificate payload")
    return keywords[len(KEYWORDS_PREFIX) :], page_text


class Command(BaseCommand):
    help = "Check a certificate's Ed25519-signed payload against the public keys."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--payload", help="the QR text, or the JWS alone")
        source.add_argument("--pdf", help="a certificate PDF")
        parser.add_argument("--keys", help="the published keys.json (a file)")

    def _public_keys(self, keys_path: str | None) -> dict:
        if keys_path:
            try:
                document = json.loads(Path(keys_path).read_text(encoding="utf-8"))
                return signing.public_keys_from_jwks(document)
            except (OSError, ValueError, signing.VerificationError) as exc:
                raise CommandError(
                    f"cannot read the keys from {keys_path}: {exc}"
                ) from exc
        configured = key_store._settings_key()
        if configured is None:
            raise CommandError(
                "no key configured here: pass --keys with the published keys.json"
            )
        private_key, key_id = configured
        return {key_id: private_key.public_key()}

    def handle(self, *args, payload, pdf, keys, **options):
        page_text = None
        if pdf:
            path = Path(pdf)
            if not path.is_file():
                raise CommandError(f"{path} does not exist")
            payload, page_text = pdf_qr_text(path)
        public_keys = self._public_keys(keys)
        try:
            verified = signing.payload_verify(payload, public_keys=public_keys)
        except signing.VerificationError as exc:
            raise CommandError(f"INVALID: {exc}") from exc
        claims = verified.claims
        if page_text is not None:
            printed = _normalise(page_text)
            for label, value in (("serial", claims.serial), ("name", claims.name)):
                if _normalise(value) not in printed:
                    raise CommandError(
                        f"INVALID: the signed {label} is not what the PDF prints"
                    )
        self.stdout.write(f"VALID signature (key {verified.key_id})")
        self.stdout.write(f"serial: {claims.serial}")
        self.stdout.write(f"name:   {claims.name}")
        self.stdout.write(f"course: {claims.course}")
        self.stdout.write(f"date:   {claims.date}")
