"""Site views for learners and editors; they check permissions and call services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import ALL_UNITS, learner_scope
from learning import services as learning

from . import selectors, services
from .forms import EnrolForm
from .models import CoursePage, EnrollmentStatus, LessonPage, TrainingClass
from .page_context import course as course_context
from .page_context import dashboard as dashboard_context
from .serving import site_prime
from .steps import LOCKED


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


@login_required
@require_POST
def enrol(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    form = EnrolForm(request.POST, course=course)
    if not form.is_valid():
        messages.error(request, _("Please choose a class of this course."))
        return _back(request, course.url)
    try:
        enrollment = services.enrollment_create(
            user=request.user,
            course=course,
            training_class=form.cleaned_data.get("training_class"),
        )
    except services.EnrollmentError as error:
        messages.error(request, str(error))
        if error.code == "profile_incomplete":
            return HttpResponseRedirect(
                f"{reverse('accounts:profile')}?next={course.url}"
            )
        return _back(request, course.url)
    text = {
        EnrollmentStatus.ACTIVE: _("You are enrolled. Good luck with your studies!"),
        EnrollmentStatus.PENDING: _(
            "Your request has been sent. You will receive an e-mail when it is decided."
        ),
        EnrollmentStatus.WAITLISTED: _(
            "The course is full; you are on the waiting list and will be enrolled "
            "when a seat frees."
        ),
        EnrollmentStatus.COMPLETED: _("You have already completed this course."),
    }[enrollment.status]
    messages.success(request, text)
    return _back(request, course.url)


@login_required
@require_POST
def unenrol(request, course_id: int):
    course = get_object_or_404(CoursePage, pk=course_id)
    enrollment = services.enrollment_live(user=request.user, course=course)
    if enrollment is None:
        messages.error(request, _("You are not enrolled in this course."))
        return _back(request, course.url)
    try:
        services.enrollment_cancel(enrollment=enrollment, by=request.user)
    except services.EnrollmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left the course."))
    return _back(request, course.url)


@login_required
@require_POST
def lesson_complete(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    # The lesson's view restrictions (a password, groups) as Wagtail applies them
    # when serving it: a lesson nobody let you read cannot be marked as read.
    for restriction in lesson.get_view_restrictions():
        if not restriction.accept_request(request):
            raise PermissionDenied(_("Open the lesson before marking it as done."))
    enrollment = services.enrollment_live(user=request.user, course=lesson.course)
    if enrollment is None or enrollment.status not in (
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.COMPLETED,
    ):
        raise PermissionDenied(_("Enrol in the course to record your progress."))
    learning.lesson_complete(user=request.user, lesson=lesson)
    messages.success(request, _("Lesson marked as done."))
    context = course_context.lesson_page_context(lesson=lesson, user=request.user)
    # After the last lesson, "continue" leads to the final exam.
    following = context["next_step"]
    if (
        request.POST.get("go") == "next"
        and following is not None
        and following.url
        and following.state != LOCKED
    ):
        return HttpResponseRedirect(following.url)
    return _back(request, lesson.url)


@login_required
@require_GET
def dashboard(request):
    site_prime(request)  # its course and lesson links need the site
    context = dashboard_context.dashboard(user=request.user)
    return render(request, "courses/dashboard.html", context)


def _class_for_editor(request, class_id: int) -> TrainingClass:
    if not (
        request.user.is_superuser or request.user.has_perm("courses.change_attendance")
    ):
        raise PermissionDenied
    return get_object_or_404(
        TrainingClass.objects.select_related("course"), pk=class_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, class_id: int):
    """The roster: one form, a checkbox per learner and session."""
    training_class = _class_for_editor(request, class_id)
    roster = selectors.class_roster(training_class=training_class)
    if request.method == "POST":
        present = set()
        for value in request.POST.getlist("present"):
            session_id, _sep, user_id = value.partition(":")
            if session_id.isdigit() and user_id.isdigit():
                present.add((int(session_id), int(user_id)))
        try:
            changed = learning.attendance_record(
                training_class=training_class,
                present=present,
                users=[row["user"] for row in roster["rows"]],
                by=request.user,
            )
        except services.AttendanceError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.path)
        messages.success(
            request, _("Attendance saved (%(count)d changes).") % {"count": changed}
        )
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "courses/attendance.html",
        {"training_class": training_class, **roster},
    )


def progress_scope(user):
    """ALL_UNITS for editors, the focal point's unit for focal points; else 403."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser or user.has_perm("courses.view_progress"):
        return ALL_UNITS
    return learner_scope(user)
