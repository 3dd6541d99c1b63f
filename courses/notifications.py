"""E-mails to learners about their enrolments and invitations."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Enrollment, EnrollmentStatus

EVENTS = {"created", "approved", "waitlisted", "rejected", "promoted"}


def enrollment_email_send(*, enrollment_id: int, event: str) -> bool:
    enrollment = (
        Enrollment.objects.select_related("user", "course", "training_class")
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is None or event not in EVENTS:
        return False
    if event == "created" and not enrollment.user.has_usable_password():
        return False  # a new imported account: the invitation e-mail says it all
    if event == "created" and enrollment.status != EnrollmentStatus.PENDING:
        # Learners who enrol themselves see the result on the page at once.
        if enrollment.invited_by_id is None:
            return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "enrollment": enrollment,
            "event": event,
            "course_url": settings.SITE_URL + (enrollment.course.url or "/"),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("courses/email/enrollment_subject.txt", context)
        body = render_to_string("courses/email/enrollment_message.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [enrollment.user.email],
    )
    return True
