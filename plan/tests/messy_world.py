"""A messy dataset for the one-figure test, and its count from the source tables.

The dataset is built through the services (enrolment, lessons, attendance,
certificate issue, revocation and re-issue, repeat training, profile changes),
then its dates are moved to the years they stand for (the services stamp
"now") and ``headcount_refresh`` recomputes what depends on them, as after a
data import. The expected figures are counted here, in Python, from the source
tables (enrolments, certificates, attendance, units) following the README's
"Headcount definitions" — not with the selectors. ``test_one_figure`` compares
them with every view.
"""

from __future__ import annotations

import datetime
import io
import random
from collections import defaultdict

from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role
from accounts.services import profile_update
from certificates import services as certificate_services
from certificates.models import Certificate
from certificates.rendering import certificate_render
from courses import services as course_services
from courses.models import Attendance, ClassSession, Enrollment, TrainingClass
from courses.tests.factories import (
    catalogue_make,
    class_make,
    course_make,
    lessons_of,
)
from directory.models import AudienceGroup, Unit
from learning import services as learning
from plan.models import Plan
from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

YEARS = (2024, 2025, 2026)
METRICS = ("enrolled", "in_progress", "completed", "trained")


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- the dataset ------------------------------------------------------------------


def _class_move(training_class: TrainingClass, start: datetime.date, days: int):
    """Give a class (made in the future, so enrolling is allowed) its real dates."""
    TrainingClass.objects.filter(pk=training_class.pk).update(
        start_date=start, end_date=start + datetime.timedelta(days=days - 1)
    )
    for index, session in enumerate(training_class.sessions.order_by("starts_at")):
        day = start + datetime.timedelta(days=index)
        ClassSession.objects.filter(pk=session.pk).update(
            starts_at=at(day, 8), ends_at=at(day, 11)
        )
    training_class.refresh_from_db()


def _issue(enrollment) -> Certificate | None:
    certificate = Certificate.objects.filter(
        enrollment=enrollment, status="pending"
    ).first()
    if certificate is None:
        return None
    return certificate_render(certificate_id=certificate.pk, notify=False)


def messy_world(home_page) -> dict:  # noqa: PLR0915 (one story, told in order)
    rng = random.Random(19)
    plan = Plan.objects.create(
        number="66/KH-UBND",
        title="Kế hoạch thử",
        period_start=2021,
        period_end=2030,
        midterm_year=2025,
        is_current=True,
        place="Hậu Giang",
        governing_body="UBND TỈNH HẬU GIANG",
        reporting_body="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        report_recipients="Lưu: VT, QLCN",
    )
    root = UnitFactory(code="root", name="Sở gốc")
    child = UnitFactory(code="child", name="Phòng con", parent=root)
    grandchild = UnitFactory(code="grandchild", name="Tổ cháu", parent=child)
    other = UnitFactory(code="other", name="Đơn vị khác")
    units = [root, child, grandchild, other]
    groups = [
        AudienceGroupFactory(code=f"g{i}", name=f"Đối tượng {i}") for i in (1, 2, 3)
    ]
    communes = [CommuneFactory(code=f"c{i}") for i in (1, 2)]
    catalogue = catalogue_make(home_page)
    course_a = course_make(catalogue, title="Khóa A", modules=1, lessons=1)
    course_b = course_make(catalogue, title="Khóa B", modules=1, lessons=1)
    course_k = course_make(
        catalogue, title="Khóa K", modules=1, lessons=1, awards_certificate=False
    )
    for page in (course_a, course_b):
        page.awards_certificate = True
        page.save()
    # Classes: A across the new year 2024/2025, K in mid-2025 and across
    # 2025/2026, B in late 2026 (after the 2026 report's date).
    class_a = class_make(course_a, sessions=4)
    class_k1 = class_make(course_k, sessions=4)
    class_k2 = class_make(course_k, sessions=4)
    class_b = class_make(course_b, sessions=2)
    people = []
    for i in range(36):
        user = UserFactory(role=Role.LEARNER)
        profile_update(
            user=user,
            full_name=f"Học viên {i:02d}",
            audience_group=groups[i % 3],
            organisation="Cơ quan",
            unit=units[i % 4],
            commune=communes[i % 2],
            position="Chuyên viên",
        )
        people.append(user)

    def complete(enrollment):
        lesson = lessons_of(enrollment.course)[0]
        learning.lesson_complete(user=enrollment.user, lesson=lesson)
        enrollment.refresh_from_db()
        return _issue(enrollment)

    moves = []  # (enrollment, enrolled day, completed day or None)
    # Self-paced enrolments in A and B over three years; some complete the
    # next year (completion year ≠ enrolment year).
    for index, user in enumerate(people[:30]):
        for course in rng.sample([course_a, course_b], k=rng.choice([1, 2])):
            year = rng.choice(YEARS)
            enrolled = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
            enrollment = course_services.enrollment_create(user=user, course=course)
            done = None
            if rng.random() < 0.7:
                complete(enrollment)
                done = enrolled + datetime.timedelta(days=rng.choice([20, 60, 300]))
            moves.append((enrollment, enrolled, done))
        if index == 4:
            # Moves unit: later enrolments carry the new unit.
            profile_update(
                user=user,
                full_name=user.profile.full_name,
                audience_group=user.profile.audience_group,
                organisation="Cơ quan",
                unit=grandchild,
                commune=communes[0],
                position="Chuyên viên",
            )
    # Class A: eight people, four of whom completed A before (repeat training).
    repeaters = [
        e.user
        for e, _d, done in moves
        if e.course_id == course_a.pk and done is not None
    ][:4]
    class_a_people = repeaters + people[30:34]
    class_k1_people = people[20:28]
    class_k2_people = people[28:36]
    class_b_people = people[0:3]
    for training_class, members in (
        (class_a, class_a_people),
        (class_k1, class_k1_people),
        (class_k2, class_k2_people),
        (class_b, class_b_people),
    ):
        course = training_class.course
        for user in members:
            enrollment = course_services.enrollment_create(
                user=user, course=course, training_class=training_class, staff=True
            )
            moves.append((enrollment, None, None))
    # The classes take place on their real dates: attendance is recorded only
    # for sessions that have started.
    _class_move(class_a, datetime.date(2024, 12, 29), 4)
    _class_move(class_k1, datetime.date(2025, 6, 2), 4)
    _class_move(class_k2, datetime.date(2025, 12, 30), 4)
    _class_move(class_b, datetime.date(2026, 12, 20), 2)
    # Attendance: K1 and K2 people reach 75% or not; everyone of class A does.
    for training_class, members in (
        (class_a, class_a_people),
        (class_k1, class_k1_people),
        (class_k2, class_k2_people),
    ):
        sessions = list(training_class.sessions.order_by("starts_at"))
        present = set()
        for position, user in enumerate(members):
            attended = 4 if training_class == class_a else (2, 3, 4)[position % 3]
            present |= {(s.pk, user.pk) for s in sessions[:attended]}
        learning.attendance_record(
            training_class=training_class, present=present, users=members
        )
        for user in members:
            if rng.random() < 0.8:
                enrollment = Enrollment.objects.get(
                    user=user, training_class=training_class
                )
                complete(enrollment)
    # Dates: self-paced as drawn; class enrolments a month before the class,
    # completed (and issued) on its last day.
    for enrollment, enrolled, done in moves:
        enrollment.refresh_from_db()
        klass = enrollment.training_class
        if klass is not None:
            enrolled = klass.start_date - datetime.timedelta(days=30)
            done = klass.end_date
        fields = {"enrolled_at": at(enrolled)}
        if enrollment.status == "completed":
            fields["completed_at"] = at(done, 16)
        Enrollment.objects.filter(pk=enrollment.pk).update(**fields)
        Certificate.objects.filter(enrollment=enrollment, status="issued").update(
            issued_at=at(done, 17) if done else None, created_at=at(enrolled)
        )
    # Revocations and re-issues, each in its own year.
    issued = list(
        Certificate.objects.filter(status="issued").order_by("pk").select_related()
    )
    for certificate in issued[:5]:
        certificate_services.certificate_revoke(
            certificate=certificate, actor=None, reason="Sai thông tin"
        )
        revoked_on = max(
            local(certificate.issued_at).date() + datetime.timedelta(days=200),
            datetime.date(2025, 1, 5),
        )
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=at(revoked_on))
    for certificate in issued[5:10]:
        new = certificate_services.certificate_reissue(
            certificate=certificate, actor=None, reason="Sửa họ tên"
        )
        new = certificate_render(certificate_id=new.pk, notify=False)
        later = local(certificate.issued_at).date() + datetime.timedelta(days=400)
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=at(later))
        Certificate.objects.filter(pk=new.pk).update(issued_at=at(later, 10))
    # A retired audience group keeps its people in the reports.
    AudienceGroup.objects.filter(pk=groups[2].pk).update(is_active=False)
    call_command("headcount_refresh", stdout=io.StringIO())
    return {
        "plan": plan,
        "root": root,
        "child": child,
        "grandchild": grandchild,
        "other": other,
        "groups": groups,
        "courses": [course_a, course_b, course_k],
        "class_b": class_b,
    }


# --- the independent count --------------------------------------------------------


def descendants(unit_id: int) -> set[int]:
    parent_of = dict(Unit.objects.values_list("pk", "parent_id"))
    out = set()
    for pk in parent_of:
        node = pk
        while node is not None:
            if node == unit_id:
                out.add(pk)
                break
            node = parent_of.get(node)
    return out


def chain_root(certificate: Certificate, by_pk: dict) -> Certificate:
    while certificate.replaces_id is not None:
        certificate = by_pk[certificate.replaces_id]
    return certificate


def counted_on(enrollment: Enrollment, metric: str, certs, attendance):
    """The day ``enrollment`` counts for ``metric`` (README), or None."""
    accepted = enrollment.status in ("active", "completed")
    if metric == "enrolled":
        return local(enrollment.enrolled_at).date() if accepted else None
    if metric == "in_progress":
        active = enrollment.status == "active"
        return local(enrollment.enrolled_at).date() if active else None
    if metric == "completed":
        if enrollment.status != "completed" or enrollment.completed_at is None:
            return None
        return local(enrollment.completed_at).date()
    course = enrollment.course
    if course.awards_certificate:
        valid = [c for c in certs.get(enrollment.pk, []) if c.status == "issued"]
        if not valid:
            return None
        by_pk = {c.pk: c for c in Certificate.objects.all()}
        return min(local(chain_root(c, by_pk).issued_at).date() for c in valid)
    klass = enrollment.training_class
    if klass is None or not accepted:
        return None
    sessions = klass.sessions.count()
    present = attendance.get((klass.pk, enrollment.user_id), 0)
    if sessions and 100 * present / sessions >= klass.min_attendance_percent:
        return klass.end_date
    return None


def expected(
    metric: str,
    *,
    first: int,
    last: int,
    unit: int | None = None,
    course: int | None = None,
    group: int | None = None,
    as_of: datetime.date | None = None,
) -> tuple[int, int]:
    """(people, person-courses) from the source tables."""
    certs = defaultdict(list)
    for certificate in Certificate.objects.all():
        certs[certificate.enrollment_id].append(certificate)
    attendance = defaultdict(int)
    for row in Attendance.objects.filter(present=True).select_related("session"):
        attendance[(row.session.training_class_id, row.user_id)] += 1
    units = descendants(unit) if unit else None
    persons, person_courses = set(), set()
    for enrollment in Enrollment.objects.select_related("course", "training_class"):
        day = counted_on(enrollment, metric, certs, attendance)
        if day is None or not first <= day.year <= last:
            continue
        if as_of is not None and day > as_of:
            continue
        if units is not None and enrollment.unit_id not in units:
            continue
        if course is not None and enrollment.course_id != course:
            continue
        if group is not None and enrollment.audience_group_id != group:
            continue
        persons.add(enrollment.user_id)
        person_courses.add((enrollment.user_id, enrollment.course_id, day.year))
    return len(persons), len(person_courses)
