"""Verify a certificate: its signature offline, its revocation when online.

    manage.py verify_certificate --payload "<QR text or JWS>" [--keys keys.json]
    manage.py verify_certificate --pdf certificate.pdf [--keys keys.json] [--offline]

``--keys`` is the published key set (download ``/verify/keys.json`` once); without
it the key configured in CERTIFICATE_SIGNING_KEY is used. With ``--pdf`` the QR
code is decoded from the rendered page itself (zxing-cpp), and every printed fact
is compared with the signed claims: a mismatch is refused naming the field, and
Keywords that differ from the QR are refused too. Unless ``--offline``, the
certificate's status is then asked from the verification address in the QR; when
that cannot be reached the output says "revocation not checked".

Exit status 0 when valid, 1 otherwise (also when revoked).
"""

import json
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates import keys as key_store
from certificates import pdf_check, signing

STATUS_TIMEOUT = 10


def status_url(qr_text: str) -> str | None:
    """The JSON status address of a QR text ("<site>/verify/<code>/#<JWS>")."""
    if "#" not in qr_text:
        return None
    url = qr_text.split("#", 1)[0].rstrip("/")
    if not url.startswith(("https://", "http://")) or "/verify/" not in url:
        return None
    return url + ".json"


class Command(BaseCommand):
    help = "Check a certificate's Ed25519-signed payload against the public keys."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--payload", help="the QR text, or the JWS alone")
        source.add_argument("--pdf", help="a certificate PDF")
        parser.add_argument("--keys", help="the published keys.json (a file)")
        parser.add_argument(
            "--offline",
            action="store_true",
            help="do not ask the issuer whether the certificate was revoked",
        )

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

    def _from_pdf(self, path: Path) -> tuple[str, str]:
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            contents = pdf_check.pdf_contents(path.read_bytes())
        except pdf_check.PdfReadError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        if not contents.qr_texts:
            raise CommandError(f"INVALID: no QR code could be read in {path}")
        if len(set(contents.qr_texts)) > 1:
            raise CommandError("INVALID: the PDF carries more than one QR code")
        qr_text = contents.qr_texts[0]
        if contents.keywords is not None and contents.keywords != qr_text:
            raise CommandError(
                "INVALID: the PDF's Keywords are not the QR code it prints"
            )
        return qr_text, contents.page_text

    def _revocation(self, qr_text: str) -> None:
        url = status_url(qr_text)
        if url is None:
            self.stdout.write("revocation not checked (no verification address)")
            return
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=STATUS_TIMEOUT) as response:
                status = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise CommandError(
                    f"INVALID: the issuer does not know this certificate ({url})"
                ) from exc
            self.stdout.write(f"revocation not checked (HTTP {exc.code} from {url})")
            return
        except (OSError, ValueError) as exc:
            self.stdout.write(f"revocation not checked ({url}: {exc})")
            return
        if status.get("status") == "revoked":
            replaced = status.get("replaced_by_serial")
            raise CommandError(
                f"REVOKED on {status.get('revoked_at') or '?'}: "
                f"{status.get('revocation_reason') or ''}"
                + (f" (replaced by {replaced})" if replaced else "")
            )
        self.stdout.write(f"status: {status.get('status', '?')} (checked at {url})")

    def handle(self, *args, payload, pdf, keys, offline, **options):
        page_text = None
        if pdf:
            payload, page_text = self._from_pdf(Path(pdf))
        public_keys = self._public_keys(keys)
        try:
            verified = signing.payload_verify(payload, public_keys=public_keys)
        except signing.VerificationError as exc:
            raise CommandError(f"INVALID: {exc}") from exc
        claims = verified.claims
        if page_text is not None:
            wrong = pdf_check.printed_mismatches(claims, page_text)
            if wrong:
                raise CommandError(
                    "INVALID: the PDF prints a different "
                    + ", ".join(wrong)
                    + " than the signed QR code"
                )
        self.stdout.write(f"VALID signature (key {verified.key_id})")
        for name in signing.CLAIM_CODES.values():
            value = getattr(claims, name)
            if value:
                self.stdout.write(f"{name}: {value}")
        if claims.version < 2:
            self.stdout.write("(version 1: only serial, name, course, date signed)")
        if offline:
            self.stdout.write("revocation not checked (--offline)")
        else:
            self._revocation(payload)
