"""The offline verifier (/verify/offline/) in Chromium: a QR image is decoded
in the page (jsQR: headless Chromium has no BarcodeDetector) and its Ed25519
signature checked with WebCrypto against the published keys."""

import json
import re

import pytest
import zxingcpp
from playwright.sync_api import expect

from certificates import services, signing
from certificates.tests import factories as cert_factories
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def certificate(home_page):
    learner = UserFactory()
    learner.profile.full_name = "Phạm Minh Châu"
    learner.profile.save()
    course = cert_factories.course_page(home_page)
    enrollment = cert_factories.enrollment(learner, course)
    certificate = services.certificate_issue(enrollment=enrollment, enqueue=False)
    certificate.refresh_from_db()
    return certificate


def _qr_png(text: str, path):
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    from PIL import Image

    symbol = barcode.to_image(scale=4, add_quiet_zones=True)
    height, width = symbol.shape
    Image.frombuffer("L", (width, height), bytes(memoryview(symbol))).save(path)
    return path


def _tampered(qr_text: str) -> str:
    url, token = qr_text.split("#")
    header, body, signature = token.split(".")
    claims = json.loads(signing.b64url_decode(body))
    claims["h"] = "400"
    forged = signing.b64url_encode(signing.canonical_json(claims))
    return f"{url}#{header}.{forged}.{signature}"


def _unknown_key(certificate) -> str:
    claims = signing.Claims(
        serial=certificate.serial,
        name=certificate.holder_name,
        course=certificate.course_title,
        date=certificate.data["issue_date"],
    )
    token = signing.payload_sign(
        claims, private_key=signing.private_key_generate(), key_id="not-ours"
    )
    return certificate.data["qr_text"].split("#")[0] + "#" + token


def test_the_offline_page_accepts_a_valid_qr_and_refuses_tampered_and_unknown_keys(
    page, live_server, certificate, artifacts_dir, tmp_path
):
    images = {
        "valid": _qr_png(certificate.data["qr_text"], tmp_path / "valid.png"),
        "tampered": _qr_png(_tampered(certificate.data["qr_text"]), tmp_path / "t.png"),
        "unknown": _qr_png(_unknown_key(certificate), tmp_path / "u.png"),
    }
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Xác minh chứng nhận").filter(
        visible=True
    ).first.click()
    page.get_by_role("link", name="Kiểm tra ngoại tuyến", exact=False).click()
    page.wait_for_load_state()
    assert page.evaluate("typeof window.jsQR") == "function"
    result = page.locator("#offline-result")

    page.set_input_files("#offline-file", str(images["valid"]))
    expect(result).to_have_class(re.compile("message-success"))
    text = result.inner_text()
    assert "Phạm Minh Châu" in text and certificate.serial in text
    assert certificate.course_title in text
    page.screenshot(
        path=str(artifacts_dir / "verify-offline-valid.png"), full_page=True
    )

    page.set_input_files("#offline-file", str(images["tampered"]))
    expect(result).to_contain_text("chữ ký không khớp")
    assert "Phạm Minh Châu" not in result.inner_text()
    page.screenshot(path=str(artifacts_dir / "verify-offline-tampered.png"))

    page.set_input_files("#offline-file", str(images["unknown"]))
    expect(result).to_contain_text("chưa từng công bố")
    page.screenshot(path=str(artifacts_dir / "verify-offline-unknown-key.png"))

    # The service worker keeps the page and the keys for use without a network.
    cached = page.evaluate(
        """navigator.serviceWorker.ready
            .then(() => caches.keys())
            .then((names) => caches.open(names[0]))
            .then((cache) => cache.match('/verify/keys.json'))
            .then((response) => !!response)"""
    )
    assert cached
