"""Demo data: a signing key and a certificate for the demo learner if eligible.

The demo learner's first certificate is re-issued once, so that the register and
the verification page also show a revoked certificate and the one replacing it.
"""

from courses.demo.loader import DEMO_LEARNER
from courses.models import Enrollment, EnrollmentStatus

from . import keys, services
from .models import Certificate, CertificateStatus

REISSUE_REASON = "đính chính thông tin theo đề nghị của học viên (dữ liệu mẫu)"


def _rendered(certificate: Certificate) -> Certificate:
    if certificate.status == CertificateStatus.PENDING:
        return services.certificate_render(certificate_id=certificate.pk)
    return certificate


def _line(certificate: Certificate) -> str:
    return (
        f"certificate {certificate.serial} ({certificate.get_status_display()}) "
        f"for {certificate.user.email}: /verify/{certificate.verification_code}/"
    )


def load() -> list[str]:
    _private, key_id = keys.signing_key_ensure()
    out = [f"certificate signing key: {key_id}"]
    enrollments = Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED, course__awards_certificate=True
    ).select_related("user", "course", "training_class")
    for enrollment in enrollments:
        certificate = _rendered(services.certificate_issue(enrollment=enrollment))
        reissued = Certificate.objects.filter(user=enrollment.user).exclude(
            replaces=None
        )
        if enrollment.user.email == DEMO_LEARNER and not reissued.exists():
            certificate = _rendered(
                services.certificate_reissue(
                    certificate=certificate, actor=None, reason=REISSUE_REASON
                )
            )
        out.append(_line(certificate))
    revoked = Certificate.objects.filter(
        user__email=DEMO_LEARNER, status=CertificateStatus.REVOKED
    ).select_related("user")
    out += [_line(certificate) for certificate in revoked.order_by("pk")]
    if len(out) == 1:
        out.append(
            f"certificates: {Certificate.objects.count()} (no completed enrolment)"
        )
    return out
