"""Wagtail admin: the queue of essays to grade by hand, per quiz and per question."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning import services as learning

from .grading_queue import neighbours, queue, quiz_essay_questions, quizzes_with_essays
from .models import AttemptAnswer, Quiz
from .rendering import render_text
from .services.attempts import QuizError
from .services.essays import MAX_COMMENT

PERMISSION = "quizzes.change_quiz"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _question_filter(request) -> int | None:
    value = request.GET.get("question", "")
    return int(value) if value.isascii() and value.isdigit() else None


class GradeForm(forms.Form):
    points = forms.FloatField(label=gettext_lazy("Mark"), min_value=0)
    comment = forms.CharField(
        label=gettext_lazy("Comment for the learner"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def grading_index(request):
    _check(request)
    return TemplateResponse(
        request,
        "quizzes/admin/grading_index.html",
        {"quizzes": quizzes_with_essays()},
    )


def grading_quiz(request, pk: int):
    _check(request)
    quiz = get_object_or_404(Quiz, pk=pk)
    question_id = _question_filter(request)
    return TemplateResponse(
        request,
        "quizzes/admin/grading_quiz.html",
        {
            "quiz": quiz,
            "questions": quiz_essay_questions(quiz=quiz),
            "question_id": question_id,
            "answers": queue(quiz=quiz, question_id=question_id)[:500],
        },
    )


def _answer_url(answer_id: int, question_id: int | None) -> str:
    url = reverse("quizzes_admin:grading_answer", args=[answer_id])
    return f"{url}?question={question_id}" if question_id else url


def grading_answer(request, pk: int):
    _check(request)
    answer = get_object_or_404(
        AttemptAnswer.objects.select_related(
            "slot__attempt__quiz", "slot__attempt__user"
        ),
        pk=pk,
    )
    slot, attempt = answer.slot, answer.slot.attempt
    question_id = _question_filter(request)
    frozen = slot.frozen
    if frozen.qtype != "essay":
        raise PermissionDenied
    initial = {"points": answer.points, "comment": answer.comment}
    form = GradeForm(request.POST or None, initial=initial)
    previous, following, next_pending = neighbours(
        answer=answer, quiz=attempt.quiz, question_id=question_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            learning.essay_grade(
                answer=answer,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
                grader=request.user,
            )
        except QuizError as exc:
            form.add_error("points", exc.message)
        else:
            messages.success(request, _("The mark was saved; the learner is told."))
            if next_pending:
                return redirect(_answer_url(next_pending, question_id))
            url = reverse("quizzes_admin:grading_quiz", args=[attempt.quiz_id])
            return redirect(f"{url}?question={question_id}" if question_id else url)
    context = {
        "answer": answer,
        "attempt": attempt,
        "quiz": attempt.quiz,
        "slot": slot,
        "question": frozen,
        "question_html": render_text(frozen.text, frozen.text_format),
        "grader_info_html": render_text(frozen.grader_info, frozen.text_format),
        "response_text": (answer.response or {}).get("text", ""),
        "form": form,
        "previous_url": previous and _answer_url(previous, question_id),
        "next_url": following and _answer_url(following, question_id),
        "question_id": question_id,
    }
    return TemplateResponse(request, "quizzes/admin/grading_answer.html", context)
