"""Hypothesis throws arbitrary input at every form and JSON endpoint that takes it.

Invariants for each: never a 5xx, and a refused request changes nothing
(the profile row, the attempt's saved answers, the number of users and
questions). The quizzes app fuzzes its own parsers and submit in depth
(quizzes/tests); this file covers the endpoints end to end through HTTP.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.world import build_world

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=300)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(text, children, max_size=5)
    ),
    max_leaves=20,
)


@pytest.fixture
def world(db):
    return build_world()


def _client(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    return client


def _profile_row(user):
    from accounts.models import LearnerProfile

    return list(LearnerProfile.objects.filter(user=user).values())


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "full_name",
                "date_of_birth",
                "audience_group",
                "organisation",
                "unit",
                "commune",
                "position",
                "phone",
                "next",
                "x",
            ]
        ),
        text,
    )
)
def test_the_profile_form_never_fails_and_saves_all_or_nothing(world, data):
    learner = world.users["learner"]
    before = _profile_row(learner)
    response = _client(world, "learner").post("/accounts/profile/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # re-shown with errors: nothing saved
        assert _profile_row(learner) == before


def _answers(attempt):
    from quizzes.models import AttemptAnswer

    return sorted(
        AttemptAnswer.objects.filter(slot__attempt=attempt).values_list(
            "slot_id", "response"
        ),
        key=lambda row: row[0],
    )


@FUZZ
@given(payload=json_values, raw=st.binary(max_size=200))
def test_quiz_autosave_takes_any_body_without_a_5xx(world, payload, raw):
    attempt = world.attempt
    client = _client(world, "learner")
    url = f"/bai-lam/{attempt.pk}/luu/"
    slot_ids = list(attempt.slots.values_list("pk", flat=True))
    for body in (
        json.dumps(payload),
        json.dumps({"answers": {str(slot_ids[0]): payload}}),
        raw,
    ):
        before = _answers(attempt)
        response = client.post(url, body, content_type="application/json")
        assert response.status_code < 500, response.content[:300]
        if response.status_code >= 400:
            assert _answers(attempt) == before
            assert response.json()["error"]


@FUZZ
@given(data=st.dictionaries(text, st.lists(text, max_size=3), max_size=6))
def test_quiz_submit_takes_any_form_without_a_5xx(world, data):
    attempt = world.attempt
    slot = attempt.slots.first()
    data = {**data, f"q-{slot.pk}": data.get("x", ["99"])}
    client = _client(world, "other_learner")  # someone else's attempt
    response = client.post(f"/bai-lam/{attempt.pk}/nop/", data)
    assert response.status_code in (403, 404)
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"


@FUZZ
@given(code=text)
def test_verification_takes_any_code_without_a_5xx(world, code):
    client = Client(raise_request_exception=False)
    response = client.get("/verify/", {"code": code})
    assert response.status_code in (200, 302, 429)
    response = client.get("/verify/" + code.replace("/", "") + "/")
    assert response.status_code in (200, 301, 302, 404, 429)


def _counts():
    from accounts.models import User
    from courses.models import Enrollment
    from quizzes.models import Question

    return User.objects.count(), Enrollment.objects.count(), Question.objects.count()


@FUZZ
@given(
    content=st.binary(max_size=2000) | text.map(lambda t: t.encode("utf-8")),
    name=st.sampled_from(["ds.csv", "ds.xlsx", "bank.gift", "bank.txt", "x.exe"]),
)
def test_learner_and_question_imports_take_any_file_without_a_5xx(world, content, name):
    before = _counts()
    editor = _client(world, "editor")
    response = editor.post(
        "/admin/courses/import/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code in (200, 302)
    response = editor.post(
        "/admin/quizzes/import/",
        {
            "file": SimpleUploadedFile(name, content),
            "format": "gift",
            "category": "Fuzz",
        },
    )
    assert response.status_code in (200, 302)
    # An upload only parses into a preview: nothing is imported before confirming.
    assert _counts() == before
