"""Learner pages: start, attempt, autosave, submit, review; no answer keys leak;
bad input gets a 4xx and changes nothing."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase  # noqa: F401

from quizzes.models import Attempt, AttemptAnswer, AttemptState
from quizzes.services import attempt_start

from .factories import QuestionFactory, quiz_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(client, lesson_setup):
    client.force_login(lesson_setup["user"])
    return client


def start(lesson_setup):
    return attempt_start(
        user=lesson_setup["user"],
        quiz=lesson_setup["quiz"],
        lesson=lesson_setup["lesson"],
    )


def post_form(slots, right=True):
    data = {}
    for slot in slots:
        for position, choice_id in enumerate(slot.layout["choices"]):
            fraction = slot.question.choices.get(pk=choice_id).fraction
            if (fraction == 1) == right:
                data[f"q{slot.pk}"] = str(position)
                break
    return data


def test_the_lesson_shows_the_quiz_panel_with_a_start_button(client_in, lesson_setup):
    response = client_in.get(lesson_setup["lesson"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert lesson_setup["quiz"].title in html
    assert reverse("quizzes:start", args=[lesson_setup["quiz"].slug]) in html


def test_a_learner_takes_the_quiz_without_javascript(client_in, lesson_setup):
    quiz = lesson_setup["quiz"]
    response = client_in.post(
        reverse("quizzes:start", args=[quiz.slug]),
        {"lesson": lesson_setup["lesson"].pk},
    )
    attempt = Attempt.objects.get()
    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    page = client_in.get(response.url)
    assert page.status_code == 200
    assert page.content.decode().count("<fieldset") == 3
    data = post_form(attempt.slots.select_related("question"))
    done = client_in.post(reverse("quizzes:submit", args=[attempt.pk]), data)
    assert done.url == reverse("quizzes:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.percent == 100
    review = client_in.get(done.url).content.decode()
    assert "RIGHTKEY-" in review  # the review shows the right answers after grading


def test_answer_keys_never_reach_the_browser_before_grading(client_in, lesson_setup):
    for question in lesson_setup["questions"]:
        right = question.choices.get(fraction=1)
        right.feedback = f"FEEDBACKMARK-{question.pk}"
        right.save()
        question.general_feedback = "GENERALMARK"
        question.save()
    attempt = start(lesson_setup)
    slots = list(attempt.slots.select_related("question"))
    choice_ids = [cid for s in slots for cid in s.layout["choices"]]
    assert max(choice_ids) > 2
    pages = [
        client_in.get(reverse("quizzes:attempt", args=[attempt.pk])),
        client_in.get(reverse("quizzes:detail", args=[lesson_setup["quiz"].slug])),
        client_in.get(lesson_setup["lesson"].url),
        client_in.post(
            reverse("quizzes:autosave", args=[attempt.pk]),
            json.dumps({"answers": {str(slots[0].pk): "0"}}),
            content_type="application/json",
        ),
        client_in.get(f"/api/v2/pages/{lesson_setup['lesson'].pk}/"),
    ]
    for response in pages:
        body = response.content.decode()
        assert "FEEDBACKMARK" not in body and "GENERALMARK" not in body
        assert "fraction" not in body
        for cid in choice_ids:  # choice ids could hint at the key; positions are sent
            assert cid <= 2 or f'value="{cid}"' not in body
    page = pages[0].content.decode()
    # The right answer text is shown once as an option, never marked.
    for slot in slots:
        assert page.count(f"RIGHTKEY-{slot.question_id}") == 1
    assert "data-correct" not in page and "checked" not in page


def test_a_reload_keeps_saved_answers(client_in, lesson_setup):
    attempt = start(lesson_setup)
    slot = attempt.slots.order_by("order").first()
    response = client_in.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        json.dumps({"answers": {str(slot.pk): "2"}}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["saved"] == 1
    page = client_in.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert f'id="q{slot.pk}-2" value="2" checked' in page


def snapshot():
    return sorted(AttemptAnswer.objects.values_list("pk", "response"))


@pytest.mark.parametrize(
    ("build", "status"),
    [
        (lambda s: {f"q{s[0].pk}": "9"}, 400),  # forged position
        (lambda s: {"q999999": "0"}, 400),  # question not in the attempt
        (lambda s: {f"q{s[0].pk}": ["0", "1"]}, 400),  # duplicated field
        (lambda s: {f"q{s[0].pk}_0": "1"}, 400),  # unexpected field
        (lambda s: {f"q{s[0].pk}": "x" * 10}, 400),
        (lambda s: {f"q{s[0].pk}": "²"}, 400),  # isdigit() but not int()
        (lambda s: {"q²": "0"}, 400),
    ],
    ids=[
        "forged-choice",
        "foreign-question",
        "duplicate",
        "unexpected",
        "garbage",
        "superscript-answer",
        "superscript-question",
    ],
)
def test_bad_submissions_get_a_4xx_and_change_nothing(
    client_in, lesson_setup, build, status
):
    attempt = start(lesson_setup)
    slots = list(attempt.slots.order_by("order"))
    before = snapshot()
    response = client_in.post(
        reverse("quizzes:submit", args=[attempt.pk]), build(slots)
    )
    assert response.status_code == status
    assert "message-error" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and snapshot() == before


def test_someone_elses_attempt_is_refused(client, lesson_setup, editor):
    attempt = start(lesson_setup)
    client.force_login(editor)
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 403
    assert (
        client.post(reverse("quizzes:submit", args=[attempt.pk]), {}).status_code == 403
    )
    autosave = client.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        "{}",
        content_type="application/json",
    )
    assert autosave.status_code == 403
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS


def test_submitting_after_the_attempt_is_closed_is_a_conflict(client_in, lesson_setup):
    attempt = start(lesson_setup)
    url = reverse("quizzes:submit", args=[attempt.pk])
    client_in.post(url, {})
    again = client_in.post(url, {})
    assert again.status_code == 409
    late_save = client_in.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        json.dumps({"answers": {}}),
        content_type="application/json",
    )
    assert late_save.status_code == 409


def test_anonymous_visitors_are_sent_to_sign_in(client, lesson_setup):
    response = client.get(reverse("quizzes:detail", args=[lesson_setup["quiz"].slug]))
    assert response.status_code == 302 and "login" in response.url


def test_huge_and_malformed_autosave_payloads_are_refused(client_in, lesson_setup):
    attempt = start(lesson_setup)
    url = reverse("quizzes:autosave", args=[attempt.pk])
    huge = client_in.post(url, "x" * 300_000, content_type="application/json")
    assert huge.status_code in (400, 413)
    for body in [
        "not json",
        "[]",
        '{"answers": []}',
        '{"answers": {"abc": 1}}',
        '{"answers": {"\u00b2": 1}}',
        "\xff",
    ]:
        assert (
            client_in.post(url, body, content_type="application/json").status_code
            == 400
        )
    assert client_in.get(url).status_code == 405


def test_starting_a_quiz_from_a_lesson_it_is_not_in_is_refused(client_in, lesson_setup):
    other = quiz_with_questions([QuestionFactory()])
    response = client_in.post(
        reverse("quizzes:start", args=[other.slug]),
        {"lesson": lesson_setup["lesson"].pk},
    )
    assert response.status_code == 403
    for lesson in ("abc", "²", "9" * 30):
        bad = client_in.post(
            reverse("quizzes:start", args=[other.slug]), {"lesson": lesson}
        )
        assert bad.status_code == 404


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2**40) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    payload=st.dictionaries(st.text(max_size=8), json_values, max_size=4),
    use_slot=st.booleans(),
)
def test_fuzzed_autosave_never_errors_500(client_in, lesson_setup, payload, use_slot):
    attempt = Attempt.objects.filter(state=AttemptState.IN_PROGRESS).first() or start(
        lesson_setup
    )
    if use_slot:
        slot = attempt.slots.first()
        payload = {"answers": {str(slot.pk): payload.get("", payload)}}
    response = client_in.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code in (200, 400, 409, 413)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    fields=st.lists(
        st.tuples(
            st.sampled_from(["q", "qX", "q1", "q0_", "q1_1", "csrf", "lesson"]),
            st.text(max_size=6),
        ),
        max_size=6,
    )
)
def test_fuzzed_submit_never_errors_500(client_in, lesson_setup, fields):
    attempt = Attempt.objects.filter(state=AttemptState.IN_PROGRESS).first() or start(
        lesson_setup
    )
    slot = attempt.slots.first()
    data = {}
    for name, value in fields:
        name = name.replace("X", str(slot.pk))
        data.setdefault(name, []).append(value)
    response = client_in.post(reverse("quizzes:submit", args=[attempt.pk]), data)
    assert response.status_code in (302, 400, 409)


def test_the_quiz_page_lists_the_latest_ten_attempts_and_grades_them_all(
    client_in, lesson_setup
):
    """A practice quiz may be taken hundreds of times: the page lists the ten
    latest, says how many earlier ones there are, and the grade still counts
    every attempt (the best one is the oldest here)."""
    from quizzes.models import GradingMethod

    quiz, user = lesson_setup["quiz"], lesson_setup["user"]
    quiz.grading_method = GradingMethod.HIGHEST
    quiz.save()
    for number in range(1, 13):
        Attempt.objects.create(
            user=user,
            quiz=quiz,
            lesson=lesson_setup["lesson"],
            number=number,
            state=AttemptState.SUBMITTED,
            percent=90.0 if number == 1 else 10.0,
        )
    html = client_in.get(reverse("quizzes:detail", args=[quiz.slug])).content.decode()
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    numbers = [int(n) for n in __import__("re").findall(r"<td>(\d+)</td>", rows)]
    assert numbers == list(range(3, 13))
    assert "2 lần làm trước đó không được liệt kê (tổng cộng 12 lần)" in html
    assert "Điểm của bạn: 90%" in html


def test_a_new_attempt_is_numbered_after_the_highest_one(lesson_setup):
    user, quiz = lesson_setup["user"], lesson_setup["quiz"]
    for number in (1, 2, 7):
        Attempt.objects.create(
            user=user, quiz=quiz, number=number, state=AttemptState.SUBMITTED
        )
    assert start(lesson_setup).number == 8
    assert start(lesson_setup).number == 8  # the running attempt is resumed
