"""Demo data: a signing key and a certificate for the demo learner if eligible."""

from courses.models import Enrollment, EnrollmentStatus

from . import keys, services
from .models import Certificate


def load() -> list[str]:
    _private, key_id = keys.signing_key_ensure()
    out = [f"certificate signing key: {key_id}"]
    enrollments = Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED, course__awards_certificate=True
    ).select_related("user", "course", "training_class")
    for enrollment in enrollments:
        certificate = services.certificate_issue(enrollment=enrollment)
        if certificate.status == "pending":
            certificate = services.certificate_render(certificate_id=certificate.pk)
        out.append(
            f"certificate {certificate.serial} ({certificate.get_status_display()}) "
            f"for {enrollment.user.email}: /verify/{certificate.verification_code}/"
        )
    if len(out) == 1:
        out.append(
            f"certificates: {Certificate.objects.count()} (no completed enrolment)"
        )
    return out
