"""The world every query-count case starts from.

``Base`` is built once per module, inside a transaction the module rolls back
at its end (see ``test_query_counts.base``): the home page, the catalogue, a
unit, one user per role, the directory and the plan. ``World`` wraps it for
one test and builds the rest lazily, so each case pays only for what its page
shows; whatever a test adds is rolled back with the test.
"""

from __future__ import annotations

import datetime
import itertools
from functools import cached_property

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

ROLES = {
    "learner": Role.LEARNER,
    "editor": Role.EDITOR,
    "plan_manager": Role.PLAN_MANAGER,
    "focal": Role.UNIT_FOCAL_POINT,
}

_numbers = itertools.count(1)


def number() -> int:
    """A number no other object of the test run has used (slugs, codes)."""
    return next(_numbers)


class Base:
    def __init__(self):
        from pathlib import Path

        import plan as plan_app
        from core.services import site_home_ensure
        from courses.tests.factories import catalogue_make
        from directory.services import directory_load
        from plan.loader import plan_file_read, plan_load

        home = site_home_ensure()
        self.home_id = home.pk
        self.catalogue_id = catalogue_make(home).pk
        self.unit = UnitFactory(code="perf-unit", name="Sở Khoa học và Công nghệ")
        self.group = AudienceGroupFactory(code="perf-group")
        self.commune = CommuneFactory(code="perf-commune")
        self.users = {
            role: UserFactory(role=group, profile={"unit": self.unit})
            for role, group in ROLES.items()
        }
        # Who assigns focal points their units (accounts.UnitAssignment).
        self.users["admin"] = UserFactory(is_superuser=True, is_staff=True)
        directory_load()
        seed = Path(plan_app.__file__).parent / "seeds" / "66-KH-UBND-2021.json"
        self.plan = plan_load(data=plan_file_read(seed)).plan


class World:
    def __init__(self, base: Base):
        from core.models import HomePage
        from courses.models import CourseIndexPage

        self.base = base
        # Fresh copies: a test's added children are rolled back, the tree's
        # counters (numchild) in memory must not outlive them.
        self.home = HomePage.objects.get(pk=base.home_id)
        self.catalogue = CourseIndexPage.objects.get(pk=base.catalogue_id)
        self.unit = base.unit
        self.plan = base.plan

    # --- people -----------------------------------------------------------------------

    def user(self, role: str):
        return None if role == "anonymous" else self.base.users[role]

    def client(self, role: str) -> Client:
        client = Client()
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        return client

    def people(self, count: int, *, units=None) -> list:
        """``count`` learners with complete profiles in the world's unit (or one
        of ``units`` each), written in two queries."""
        from accounts.models import LearnerProfile, User
        from tests.factories import LearnerProfileFactory

        users = User.objects.bulk_create(UserFactory.build_batch(count))
        units = units or [self.unit] * count
        LearnerProfile.objects.bulk_create(
            LearnerProfileFactory.build(
                user=user,
                unit=unit,
                audience_group=self.base.group,
                commune=self.base.commune,
            )
            for user, unit in zip(users, units, strict=True)
        )
        return users

    def units(self, count: int) -> list:
        from directory.models import Unit

        return Unit.objects.bulk_create(UnitFactory.build_batch(count))

    # --- courses ----------------------------------------------------------------------

    def course_with(self, *, lessons: int = 2, **fields):
        from courses.tests.factories import course_make

        return course_make(self.catalogue, modules=1, lessons=lessons, **fields)

    @cached_property
    def course(self):
        return self.course_with(lessons=2, awards_certificate=True)

    def training_class(self, course=None, *, sessions: int = 2):
        from courses.tests.factories import class_make

        return class_make(
            course or self.course,
            sessions=sessions,
            start_date=timezone.localdate() - datetime.timedelta(days=3),
        )

    @cached_property
    def klass(self):
        return self.training_class()

    def enrol(self, user, course=None, *, status="active", training_class=None):
        return self.enrol_all(
            [user], course, status=status, training_class=training_class
        )[0]

    def enrol_all(self, users, course=None, *, status="active", training_class=None):
        """Enrolments of ``users`` as the services would record them (one query)."""
        from courses.models import Enrollment

        course = course or self.course
        now = timezone.now()
        rows = []
        for user in users:
            profile = getattr(user, "profile", None)
            rows.append(
                Enrollment(
                    user=user,
                    course=course,
                    training_class=training_class,
                    status=status,
                    unit=getattr(profile, "unit", None),
                    audience_group=getattr(profile, "audience_group", None),
                    commune=getattr(profile, "commune", None),
                    completed_at=now if status == "completed" else None,
                )
            )
        return Enrollment.objects.bulk_create(rows)

    # --- certificates -----------------------------------------------------------------

    def certificates(self, user, count: int, *, course=None) -> list:
        """``count`` issued certificates of ``user``, one per class of ``course``."""
        from courses.models import TrainingClass

        course = course or self.course
        today = timezone.localdate()
        classes = TrainingClass.objects.bulk_create(
            TrainingClass(
                course=course,
                title=f"Lớp {n}",
                code=f"lop-perf-{n}",
                start_date=today,
                end_date=today,
            )
            for n in (number() for _ in range(count))
        )
        return self.certify(
            [(user, course, klass, None) for klass in classes], offering_key=True
        )

    def certify(self, rows, *, offering_key: bool = False) -> list:
        """Issued certificates for ``(user, course, class, enrollment)`` rows, as
        the service records them (no PDF: the pages read records, not files)."""
        from certificates.models import Certificate

        year = timezone.localdate().year
        made = []
        for user, course, klass, enrollment in rows:
            n = number()
            made.append(
                Certificate(
                    user=user,
                    course=course,
                    training_class=klass,
                    enrollment=enrollment,
                    offering_key=klass.pk if offering_key else 0,
                    serial=f"PERF-{year}-{n:06d}",
                    serial_year=year,
                    serial_number=n,
                    status="issued",
                    issued_at=timezone.now(),
                    data={
                        "holder_name": user.profile.full_name,
                        "course_title": course.title,
                        "issue_date": timezone.localdate().isoformat(),
                    },
                )
            )
        return Certificate.objects.bulk_create(made)

    @cached_property
    def issued(self):
        """One certificate issued through the service, signed, with a PDF file."""
        from certificates.services import certificate_issue

        learner = self.user("learner")
        enrollment = self.enrol(learner, status="completed")
        certificate = certificate_issue(enrollment=enrollment, enqueue=False)
        certificate.status = "issued"
        certificate.issued_at = timezone.now()
        certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(b"%PDF-1.4\n"))
        return certificate

    # --- quizzes ----------------------------------------------------------------------

    def quiz_with(self, questions: int, **fields):
        """A quiz of ``questions`` questions placed in a lesson the learner studies."""
        from courses.tests.factories import lessons_of
        from quizzes.tests.factories import (
            QuestionFactory,
            place_quiz,
            quiz_with_questions,
        )

        course = self.course_with(lessons=1)
        self.enrol(self.user("learner"), course)
        quiz = quiz_with_questions(
            QuestionFactory.create_batch(questions), max_attempts=0, **fields
        )
        lesson = place_quiz(lessons_of(course)[0], quiz)
        return quiz, lesson

    def attempt(self, quiz, lesson, *, submit: bool = False):
        from quizzes.services import attempt_start, attempt_submit

        learner = self.user("learner")
        attempt = attempt_start(user=learner, quiz=quiz, lesson=lesson)
        if submit:
            attempt, _graded = attempt_submit(attempt=attempt, user=learner, answers={})
        return attempt

    # --- plan -------------------------------------------------------------------------

    def trained(self, count: int, *, units: bool = False) -> None:
        """``count`` people trained this year (certificate issued), each in a unit
        of their own when ``units`` (so a breakdown by unit has ``count`` rows)."""
        from certificates.chains import enrollments_certified_sync

        people = self.people(count, units=self.units(count) if units else None)
        enrollments = self.enrol_all(people, status="completed")
        self.certify(
            [(e.user, e.course, None, e) for e in enrollments], offering_key=False
        )
        enrollments_certified_sync(enrollment_ids=[e.pk for e in enrollments])
