"""Builders for the plan's tests: a small, hand-counted world of enrolments."""

import datetime
import itertools

from django.utils import timezone

from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

_serial = itertools.count(1)


def at(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def course_index(home_page):
    from courses.models import CourseIndexPage

    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(title="Khóa học", slug="khoa-hoc")
        home_page.add_child(instance=index)
    return index


def course(home_page, slug, *, certificate=True, level="basic", ip_areas=(), tasks=()):
    from courses.models import CoursePage

    page = CoursePage(
        title=f"Khóa {slug}",
        slug=slug,
        summary="Tóm tắt",
        level=level,
        awards_certificate=certificate,
    )
    course_index(home_page).add_child(instance=page)
    page.ip_areas.set(ip_areas)
    page.plan_tasks.set(tasks)
    page.save()
    return page


def training_class(
    course_page,
    code,
    *,
    sessions=4,
    end=datetime.date(2022, 6, 30),
    minimum=75,
    tasks=(),
):
    from courses.models import ClassSession, TrainingClass

    klass = TrainingClass.objects.create(
        course=course_page,
        title=f"Lớp {code}",
        code=code,
        start_date=end - datetime.timedelta(days=10),
        end_date=end,
        min_attendance_percent=minimum,
    )
    klass.plan_tasks.set(tasks)
    klass.save()
    start = timezone.make_aware(datetime.datetime.combine(end, datetime.time(8)))
    for i in range(sessions):
        ClassSession.objects.create(
            training_class=klass,
            starts_at=start - datetime.timedelta(days=i + 1),
            ends_at=start
            - datetime.timedelta(days=i + 1)
            + datetime.timedelta(hours=3),
            sort_order=i,
        )
    return klass


def enrol(
    user,
    course_page,
    *,
    unit,
    group,
    commune,
    year,
    status="completed",
    completed_year=None,
    klass=None,
):
    from courses.models import Enrollment

    enrollment = Enrollment.objects.create(
        user=user,
        course=course_page,
        training_class=klass,
        status=status,
        audience_group=group,
        unit=unit,
        commune=commune,
        enrolled_at=at(year, 3),
        completed_at=at(completed_year or year, 9) if status == "completed" else None,
    )
    changed(enrollment_ids=[enrollment.pk])
    return enrollment


def certify(enrollment, *, year, status="issued", offering_key=0):
    from certificates.models import Certificate

    n = next(_serial)
    certificate = Certificate.objects.create(
        user=enrollment.user,
        course=enrollment.course,
        enrollment=enrollment,
        offering_key=offering_key,
        serial=f"TEST-{year}-{n:06d}",
        serial_year=year,
        serial_number=n,
        status=status,
        issued_at=at(year, 10) if status != "pending" else None,
        revoked_at=at(year, 11) if status == "revoked" else None,
    )
    from certificates.chains import enrollments_certified_sync

    enrollments_certified_sync(enrollment_ids=[enrollment.pk])
    return certificate


def attend(user, klass, present_count):
    from courses.models import Attendance

    for i, session in enumerate(klass.sessions.order_by("starts_at")):
        Attendance.objects.create(session=session, user=user, present=i < present_count)
    changed(training_class_id=klass.pk)


def changed(**enrollments):
    """What the services do after a change (these builders write rows directly):
    recompute ``Enrollment.trained_on``, which moves the cached dashboards."""
    from courses.trained import enrollment_trained_refresh

    enrollment_trained_refresh(**enrollments)


def headcount_world(home_page):
    """The fixture of test_headcount (see the expected tables there)."""
    from courses.models import IPArea
    from plan.models import Plan, PlanTask, TaskGroup

    plan = Plan.objects.create(number="1/KH-TEST", title="Kế hoạch thử")
    tg1 = TaskGroup.objects.create(
        plan=plan, code="III.1", title="Nhóm 1", sort_order=1
    )
    tg2 = TaskGroup.objects.create(
        plan=plan, code="III.2", title="Nhóm 2", sort_order=2
    )
    t1 = PlanTask.objects.create(group=tg1, code="III.1.1", text="Đào tạo 1")
    t2 = PlanTask.objects.create(group=tg2, code="III.2.1", text="Đào tạo 2")
    area_x = IPArea.objects.create(code="x", name="Sở hữu công nghiệp")
    area_y = IPArea.objects.create(code="y", name="Quyền tác giả")
    u1, u2 = (
        UnitFactory(code="u1", name="Đơn vị 1"),
        UnitFactory(code="u2", name="Đơn vị 2"),
    )
    g1 = AudienceGroupFactory(code="g1", name="Nhóm 1")
    g2 = AudienceGroupFactory(code="g2", name="Nhóm 2")
    c1 = CommuneFactory(code="c1", former_district="Huyện Một")
    c2 = CommuneFactory(code="c2", former_district="Huyện Hai")
    a = course(home_page, "a", level="basic", ip_areas=[area_x], tasks=[t1])
    b = course(home_page, "b", level="intermediate", ip_areas=[area_y], tasks=[t2])
    c = course(home_page, "c", certificate=False, level="advanced")
    k = training_class(c, "k", tasks=[t1])
    p = {
        i: UserFactory(profile={"unit": u1, "audience_group": g1}) for i in range(1, 7)
    }
    # p1: A 2021 (certificate 2021), B 2022 (certificate 2022)
    certify(enrol(p[1], a, unit=u1, group=g1, commune=c1, year=2021), year=2021)
    certify(enrol(p[1], b, unit=u1, group=g1, commune=c1, year=2022), year=2022)
    # p2 moved from u1/g2 to u2/g1 between 2021 and 2022
    certify(enrol(p[2], a, unit=u1, group=g2, commune=c1, year=2021), year=2021)
    certify(enrol(p[2], b, unit=u2, group=g1, commune=c2, year=2022), year=2022)
    # p3: certificate of A revoked; class K attended 3 of 4 (75%) → trained 2022
    certify(
        enrol(p[3], a, unit=u2, group=g1, commune=c2, year=2021),
        year=2021,
        status="revoked",
    )
    enrol(p[3], c, unit=u2, group=g1, commune=c2, year=2022, status="active", klass=k)
    attend(p[3], k, 3)
    # p4: class K attended 2 of 4 → not trained; A with a pending certificate
    enrol(p[4], c, unit=u2, group=g2, commune=c2, year=2022, status="active", klass=k)
    attend(p[4], k, 2)
    certify(
        enrol(p[4], a, unit=u2, group=g2, commune=c2, year=2022, status="active"),
        year=2022,
        status="pending",
    )
    # p5: enrolled in A 2021, completed and certified 2022
    certify(
        enrol(p[5], a, unit=u1, group=g1, commune=c1, year=2021, completed_year=2022),
        year=2022,
    )
    # p6: two enrolments in A in 2021, both with an issued certificate → once
    first = enrol(p[6], a, unit=u1, group=g1, commune=c1, year=2021, status="cancelled")
    certify(first, year=2021, offering_key=99)
    certify(enrol(p[6], a, unit=u1, group=g1, commune=c1, year=2021), year=2021)
    return {
        "plan": plan,
        "tg1": tg1,
        "tg2": tg2,
        "t1": t1,
        "t2": t2,
        "x": area_x,
        "y": area_y,
        "u1": u1,
        "u2": u2,
        "g1": g1,
        "g2": g2,
        "a": a,
        "b": b,
        "c": c,
        "k": k,
        "p": p,
    }
