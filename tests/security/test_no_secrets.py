"""No secret and no answer key in any HTML, JSON, e-mail or log line.

A learner's whole journey (lesson, quiz, autosave, submit, certificate, public
verification, the API) runs with every logger at DEBUG into a capture handler;
then every response body, e-mail and log line is searched for the secrets:
Django's SECRET_KEY, the certificate signing key (PEM and raw), the learner's
password and session key, and, before the attempt is submitted, the answer
keys (fractions, correctness flags, per-choice feedback).
"""

from __future__ import annotations

import base64
import logging

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

from tests.factories import PASSWORD
from tests.security.world import build_world


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        if record.name.startswith("factory"):
            return  # factory_boy's own debug lines (test tooling, not the platform)
        try:
            self.lines.append(self.format(record))
        except Exception:  # noqa: BLE001
            self.lines.append(str(record.msg))


@pytest.fixture
def captured_logs():
    handler = Capture()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet = {}
    for name in ("django", "celery", "wagtail", "certificates", "quizzes", "courses"):
        logger = logging.getLogger(name)
        quiet[name] = logger.level
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def _signing_key():
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return pem, raw


def _secret_markers(pem: str, raw: bytes, session_key: str) -> dict[str, str]:
    body = "".join(pem.strip().splitlines()[1:-1])
    return {
        "SECRET_KEY": settings.SECRET_KEY,
        "signing key PEM": body[16:48],
        "signing key (base64url)": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "signing key (base64)": base64.b64encode(raw).decode().rstrip("="),
        "signing key (hex)": raw.hex(),
        "password": PASSWORD,
        "session key": session_key,
    }


@pytest.mark.django_db
def test_a_learner_journey_leaks_no_secret_and_no_answer_key(captured_logs):
    pem, raw = _signing_key()
    with override_settings(
        CERTIFICATE_SIGNING_KEY=pem, CERTIFICATE_SIGNING_KEY_ID="k1"
    ):
        world = build_world()
        from quizzes.models import Choice, Question

        Choice.objects.filter(fraction__gt=0).update(feedback="KEYFEEDBACK-right")
        Choice.objects.filter(fraction__lte=0).update(feedback="KEYFEEDBACK-wrong")
        Question.objects.update(general_feedback="KEYGENERAL-explanation")
        learner = Client()
        learner.force_login(world.users["learner"])
        session_key = learner.cookies[settings.SESSION_COOKIE_NAME].value
        attempt = world.attempt
        slot = attempt.slots.first()
        before_submit = {
            "lesson": learner.get(world.lesson.url),
            "quiz": learner.get(f"/kiem-tra/{world.quiz.slug}/"),
            "attempt": learner.get(f"/bai-lam/{attempt.pk}/"),
            "autosave": learner.post(
                f"/bai-lam/{attempt.pk}/luu/",
                {"answers": {str(slot.pk): "1"}},
                content_type="application/json",
            ),
            "autosave-bad": learner.post(
                f"/bai-lam/{attempt.pk}/luu/",
                {"answers": {"999999": "1"}},
                content_type="application/json",
            ),
            "api-pages": learner.get("/api/v2/pages/?fields=*&limit=50"),
            "api-lesson": learner.get(f"/api/v2/pages/{world.lesson.pk}/?fields=*"),
            "api-anon": Client().get(f"/api/v2/pages/{world.lesson.pk}/?fields=*"),
        }
        after_submit = {
            "submit": learner.post(f"/bai-lam/{attempt.pk}/nop/", {}, follow=True),
            "certificates": learner.get("/my-certificates/"),
            "badge": learner.get(f"/my-certificates/{world.certificate.pk}/badge.json"),
            "verify": Client().get(f"/verify/{world.certificate.verification_code}/"),
            "verify-json": Client().get(
                f"/verify/{world.certificate.verification_code}.json"
            ),
            "keys": Client().get("/verify/keys.json"),
            "unknown-code": Client().get("/verify/AAAAAAAAAAAAAAAAAAAAAAAA/"),
        }
    for name, response in {**before_submit, **after_submit}.items():
        assert response.status_code < 500, name

    secrets = _secret_markers(pem, raw, session_key)
    # The options' texts are shown, of course; what must not reach the browser
    # is which one is right: a fraction, a correctness flag, or the feedback.
    answer_keys = [
        "fraction",
        "is_correct",
        "data-correct",
        "correct_answer",
        "KEYFEEDBACK",
        "KEYGENERAL",
    ]
    problems = []
    bodies = {
        name: r.content.decode("utf-8", "replace")
        for name, r in {**before_submit, **after_submit}.items()
    }
    bodies.update(
        {f"mail:{m.subject}": m.body + str(m.alternatives) for m in mail.outbox}
    )
    bodies["logs"] = "\n".join(captured_logs.lines)
    for where, text in bodies.items():
        for label, secret in secrets.items():
            if secret and secret in text:
                problems.append(f"{label} in {where}")
    for where in before_submit:
        for marker in answer_keys:
            if marker in bodies[where]:
                problems.append(f"answer key marker {marker!r} in {where}")
    assert captured_logs.lines, "the log capture saw nothing"
    assert problems == []
