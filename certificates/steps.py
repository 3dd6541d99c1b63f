"""The certificate as the last step of a course outline (``courses.steps``).

Registered in CertificatesConfig.ready(): one query, for the completed
enrolments only, whatever the number of courses.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from courses.models import EnrollmentStatus
from courses.steps import DONE, LOCKED, PENDING, Step

from .models import Certificate, CertificateStatus


def certificate_step(certificate: Certificate | None) -> Step:
    """The step of a completed course's certificate (None: not recorded yet)."""
    step = Step(
        kind="certificate",
        title=_("Certificate"),
        url=reverse("certificates:mine"),
        action=_("See the certificate"),
    )
    if certificate is None or certificate.status == CertificateStatus.PENDING:
        step.state = PENDING
        step.note = _("Being issued")
        if certificate is not None:
            step.status_url = reverse("certificates:status", args=[certificate.pk])
        return step
    step.state = DONE
    step.title = _("Certificate %(serial)s") % {"serial": certificate.serial}
    step.url = f"{reverse('certificates:mine')}#certificate-{certificate.pk}"
    step.links = (
        (_("Download PDF"), reverse("certificates:download", args=[certificate.pk])),
        (
            _("Public verification page"),
            reverse("certificates:verify_detail", args=[certificate.verification_code]),
        ),
    )
    return step


def certificate_steps(*, user, courses, enrollments) -> dict[int, list[Step]]:
    """Provider: a completed course's certificate; the promise of one before."""
    awarding = [course for course in courses if course.awards_certificate]
    completed = [
        course.pk
        for course in awarding
        if getattr(enrollments.get(course.pk), "status", None)
        == EnrollmentStatus.COMPLETED
    ]
    latest: dict[int, Certificate] = {}
    if completed and user.is_authenticated:
        for certificate in (
            Certificate.objects.filter(user=user, course_id__in=completed)
            .exclude(status=CertificateStatus.REVOKED)
            .order_by("created_at", "pk")
        ):
            latest[certificate.course_id] = certificate
    result = {}
    for course in awarding:
        if course.pk in completed:
            result[course.pk] = [certificate_step(latest.get(course.pk))]
        else:
            result[course.pk] = [
                Step(
                    kind="certificate",
                    title=_("Certificate"),
                    state=LOCKED,
                    note=_("Issued when you complete the course"),
                )
            ]
    return result
