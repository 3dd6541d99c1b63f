"""Essays graded by hand: a grader's mark and comment, then the attempt's total.

Submitting an attempt with an answered essay leaves it "awaiting grading"
(``AttemptState.PENDING``: no percent, no pass, nothing completed). Each
``essay_grade`` stores one mark and comment; the last one closes the attempt
(percent, pass); ``learning.services.essay_grade`` then follows the grade as
after a submit (lesson, final exam, certificate). The learner is e-mailed each
grade.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import outbox

from .. import grading
from ..models import Attempt, AttemptAnswer, AttemptState
from ..qtypes import QuestionType
from .attempts import QuizError
from .closing import attempt_totals

MAX_COMMENT = 5000


def essay_grade(
    *, answer: AttemptAnswer, points: float, comment: str, grader, now=None
) -> AttemptAnswer:
    """Store a grader's mark (0..the slot's points) and comment for one essay.
    Grading again corrects the mark; the attempt's total follows."""
    now = now or timezone.now()
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise QuizError(
            _("The comment is longer than %(max)s characters.") % {"max": MAX_COMMENT}
        )
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("quiz", "user")
            .get(pk=answer.slot.attempt_id)
        )
        answer = (
            AttemptAnswer.objects.select_for_update()
            .select_related("slot")
            .get(pk=answer.pk)
        )
        slot = answer.slot
        if slot.frozen.qtype != QuestionType.ESSAY:
            raise QuizError(_("Only essay answers are graded by hand."))
        if attempt.state == AttemptState.IN_PROGRESS:
            raise QuizError(
                _("The attempt has not been submitted yet."), code="not_submitted"
            )
        try:
            value = float(points)
        except (TypeError, ValueError):
            value = float("nan")
        if not 0 <= value <= slot.max_points:
            raise QuizError(
                _("The mark must be a number from 0 to %(max)s.")
                % {"max": f"{slot.max_points:g}"}
            )
        result = grading.manual_grade(value, slot.max_points)
        answer.points, answer.state = result.points, result.state
        answer.comment, answer.graded_by, answer.graded_at = comment, grader, now
        answer.save(
            update_fields=["points", "state", "comment", "graded_by", "graded_at"]
        )
        _attempt_recount(attempt)
        transaction.on_commit(lambda: essay_email_enqueue(answer.pk), robust=True)
    return answer


def _attempt_recount(attempt: Attempt) -> bool:
    """New totals; True when this grade closed an attempt that was waiting."""
    rows = list(
        AttemptAnswer.objects.filter(slot__attempt=attempt).values_list(
            "points", "state"
        )
    )
    attempt.score = round(sum(p or 0.0 for p, _s in rows), 4)
    waiting = any(state == grading.PENDING for _p, state in rows)
    fields = ["score"]
    if waiting:
        attempt.save(update_fields=fields)
        return False
    closes_now = attempt.state == AttemptState.PENDING
    attempt_totals(attempt)
    if closes_now:
        attempt.state = AttemptState.SUBMITTED
    attempt.save(update_fields=[*fields, "percent", "passed", "state"])
    return closes_now or bool(attempt.passed)


def essay_email_enqueue(answer_id: int) -> None:
    from ..tasks import email_essay_grade

    outbox.task_enqueue(email_essay_grade, answer_id)


def essay_email_send(*, answer_id: int) -> bool:
    """E-mail the learner the mark and comment of one graded essay."""
    answer = (
        AttemptAnswer.objects.select_related(
            "slot__attempt__user", "slot__attempt__quiz"
        )
        .filter(pk=answer_id, graded_at__isnull=False)
        .first()
    )
    if answer is None or not answer.slot.attempt.user.email:
        return False
    attempt = answer.slot.attempt
    context = {
        "attempt": attempt,
        "answer": answer,
        "question": answer.slot.frozen.title,
        "max_points": answer.slot.max_points,
        "review_url": settings.SITE_URL + reverse("quizzes:review", args=[attempt.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("quizzes/email/essay_graded_subject.txt", context)
        body = render_to_string("quizzes/email/essay_graded_body.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [attempt.user.email],
    )
    return True
