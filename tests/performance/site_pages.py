"""Builders of the public and learner pages, one per page.

Each builder ``(world, n) -> path`` makes the page show at least ``n`` of the
thing that repeats on it (courses, lessons, certificates…) and returns the
path to open. It is called with the small size, then with the large one: it may
add to what the first call made (the catalogue grows) or build afresh (a quiz of
``n`` questions).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from .world import number


def courses(world, n: int) -> None:
    """``n`` more live courses in the catalogue, with IP areas and audiences."""
    from courses.models import IPArea
    from courses.tests.factories import course_make
    from tests.factories import AudienceGroupFactory

    areas = list(IPArea.objects.order_by("pk")[:2])
    groups = [AudienceGroupFactory(code="perf-group")]
    for _ in range(n):
        course_make(
            world.catalogue,
            modules=0,
            ip_areas=areas,
            audience_groups=groups,
            title=f"Sáng chế và nhãn hiệu {number()}",
        )


# --- pages of the tree ----------------------------------------------------------------


def home(world, n):
    courses(world, n)
    return "/"


def standard_page(world, n):
    from core.models import StandardPage

    parent = world.home.add_child(
        instance=StandardPage(title="Giới thiệu", slug=f"gioi-thieu-{number()}")
    )
    for _ in range(n):
        parent.add_child(
            instance=StandardPage(title="Mục", slug=f"muc-{number()}", body="<p>x</p>")
        )
    return parent.url


def catalogue(world, n):
    courses(world, n)
    return world.catalogue.url


def catalogue_filtered(world, n):
    from courses.models import IPArea

    courses(world, n)
    area = IPArea.objects.order_by("pk").first()
    return f"{world.catalogue.url}?level=basic&area={area.code}&ordering=title"


def search(world, n):
    courses(world, n)
    return f"{world.catalogue.url}?q=s%C3%A1ng+ch%E1%BA%BF"


def _course_of(world, n):
    course = world.course_with(lessons=n, awards_certificate=True)
    world.training_class(course)
    world.enrol(world.user("learner"), course)
    return course


def course(world, n):
    return _course_of(world, n).url


def module(world, n):
    from courses.models import ModulePage

    return ModulePage.objects.child_of(_course_of(world, n)).get().url


def lesson(world, n):
    from courses.tests.factories import lessons_of

    course = _course_of(world, n)
    lessons = lessons_of(course)
    from courses.services import lesson_complete

    lesson_complete(user=world.user("learner"), lesson=lessons[0])
    return lessons[1].url


def lesson_preview(world, n):
    """A free-preview lesson read by an anonymous visitor."""
    from courses.tests.factories import course_make, lessons_of

    course = course_make(world.catalogue, modules=1, lessons=n, free_preview_first=True)
    return lessons_of(course)[0].url


# --- learner pages --------------------------------------------------------------------


def dashboard(world, n):
    """The learner is enrolled in ``n`` more courses, each in a class."""
    from courses.tests.factories import course_make

    learner = world.user("learner")
    for _ in range(n):
        course = course_make(world.catalogue, modules=1, lessons=1)
        klass = world.training_class(course)
        world.enrol(learner, course, training_class=klass)
    return reverse("courses:dashboard")


def profile(world, n):
    """``n`` more units, communes and audience groups in the profile's lists."""
    from tests.factories import AudienceGroupFactory, CommuneFactory, UnitFactory

    for _ in range(n):
        UnitFactory()
        CommuneFactory()
        AudienceGroupFactory()
    return reverse("accounts:profile")


def quiz_detail(world, n):
    """A quiz with ``n`` finished attempts listed on its intro page."""
    if not hasattr(world, "_quiz_detail"):
        world._quiz_detail = world.quiz_with(3)
    quiz, lesson = world._quiz_detail
    for _ in range(n):
        world.attempt(quiz, lesson, submit=True)
    return reverse("quizzes:detail", args=[quiz.slug]) + f"?lesson={lesson.pk}"


def quiz_attempt(world, n):
    quiz, lesson = world.quiz_with(n)
    return reverse("quizzes:attempt", args=[world.attempt(quiz, lesson).pk])


def quiz_review(world, n):
    quiz, lesson = world.quiz_with(n, review_policy="full")
    attempt = world.attempt(quiz, lesson, submit=True)
    return reverse("quizzes:review", args=[attempt.pk])


# --- certificates ---------------------------------------------------------------------


def my_certificates(world, n):
    world.certificates(world.user("learner"), n)
    return reverse("certificates:mine")


def certificate_download(world, n):
    world.certificates(world.user("learner"), n)
    return reverse("certificates:download", args=[world.issued.pk])


def certificate_badge(world, n):
    world.certificates(world.user("learner"), n)
    return reverse("certificates:badge", args=[world.issued.pk])


def certificate_status(world, n):
    world.certificates(world.user("learner"), n)
    return reverse("certificates:status", args=[world.issued.pk])


def verify(world, n):
    world.certificates(world.user("learner"), n)
    return reverse("certificates:verify")


def _reissued(world, n):
    """The latest of ``n`` re-issues of one certificate (a chain of replacements)."""
    from certificates.services import certificate_reissue

    certificate = getattr(world, "_latest_issue", None) or world.issued
    for _ in range(n):
        certificate = certificate_reissue(
            certificate=certificate, actor=world.user("editor"), reason="Sửa tên"
        )
    world._latest_issue = certificate
    return certificate


def verify_detail(world, n):
    code = _reissued(world, n).verification_code
    return reverse("certificates:verify_detail", args=[code])


def verify_json(world, n):
    code = _reissued(world, n).verification_code
    return reverse("certificates:verify_json", args=[code])


def keys_json(world, n):
    """``n`` retired signing keys besides the active one: all are published."""
    from certificates.keys import signing_key_ensure
    from certificates.models import SigningKey

    signing_key_ensure()
    for _ in range(n):
        SigningKey.objects.create(
            key_id=f"retired-{number()}",
            public_key="A" * 43,
            source=SigningKey.Source.SETTINGS,
            is_active=False,
            retired_at=timezone.now(),
        )
    return reverse("certificates:keys")


def status_list(world, n):
    """``n`` re-issues: ``n`` revoked certificates, each a bit of the list."""
    _reissued(world, n)
    return reverse("certificates:status_list")


def issuer_json(world, n):
    """The issuer profile lists every published key: ``n`` retired ones."""
    keys_json(world, n)
    return reverse("certificates:issuer")


# --- the roster, documents, the API ---------------------------------------------------


def attendance(world, n):
    """A class of three sessions with ``n`` learners on its roster."""
    klass = getattr(world, "_roster_class", None)
    if klass is None:
        klass = world._roster_class = world.training_class(sessions=3)
    world.enrol_all(world.people(n), klass.course, training_class=klass)
    return reverse("courses:attendance", args=[klass.pk])


def document(world, n):
    from wagtail.documents.models import Document

    for _ in range(n):
        Document.objects.create(
            title="Tài liệu", file=ContentFile(b"%PDF-1.4\n", name="tai-lieu.pdf")
        )
    doc = Document.objects.order_by("pk").first()
    return reverse("wagtaildocs_serve", args=[doc.pk, doc.filename])


def api_listing(world, n):
    courses(world, n)
    return reverse("wagtailapi:pages:listing") + "?type=courses.CoursePage&fields=*"


def api_detail(world, n):
    return reverse("wagtailapi:pages:detail", args=[_course_of(world, n).pk])


def api_find(world, n):
    courses(world, n)
    return reverse("wagtailapi:pages:find") + f"?html_path={world.catalogue.url}"


# --- accounts (allauth) ---------------------------------------------------------------


def emails(world, n):
    """``n`` more addresses of the learner on the e-mail page."""
    from allauth.account.models import EmailAddress

    learner = world.user("learner")
    for _ in range(n):
        EmailAddress.objects.create(
            user=learner, email=f"phu.{number()}@example.vn", verified=False
        )
    return reverse("account_email")


def fixed(name: str, *args, query: str = ""):
    """A page with nothing that repeats: ``n`` more users in the database."""

    def build(world, n):
        from accounts.models import User

        User.objects.bulk_create(
            User(email=f"khach.{number()}@example.vn") for _ in range(n)
        )
        return reverse(name, args=args) + query

    build.__name__ = name.replace(":", "_")
    return build
