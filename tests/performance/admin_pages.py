"""Builders of our own pages in the Wagtail admin (see ``site_pages`` for the shape)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from .world import number

# --- courses: progress report, requests, imports --------------------------------------


def enrolments(world, n: int, *, status: str = "active") -> None:
    """``n`` more learners of the world's unit enrolled in the world's course."""
    world.enrol_all(world.people(n), status=status, training_class=world.klass)


def progress(query: str = ""):
    def build(world, n):
        enrolments(world, n)
        return reverse("courses_admin:progress") + query

    return build


def progress_results(world, n):
    enrolments(world, n)
    return reverse("courses_admin:progress_results")


def requests(world, n):
    enrolments(world, n, status="pending")
    return reverse("courses_admin:requests")


def _import(world, n):
    from courses.models import LearnerImport

    rows = [
        {
            "line": line + 2,
            "status": "new",
            "full_name": f"Học viên {line}",
            "email": f"hv{line}@example.vn",
            "errors": [],
            "notes": [],
        }
        for line in range(n)
    ]
    return LearnerImport.objects.create(
        created_by=world.user("editor"),
        filename="danh-sach.csv",
        course=world.course,
        training_class=world.klass,
        rows=rows,
        total=n,
    )


def import_upload(world, n):
    """The upload form: its recent imports and the course and class lists."""
    for _ in range(n):
        _import(world, 1)
        world.training_class(sessions=0)
    return reverse("courses_admin:import")


def import_preview(world, n):
    return reverse("courses_admin:import_preview", args=[_import(world, n).pk])


def import_status(world, n):
    return reverse("courses_admin:import_status", args=[_import(world, n).pk])


# --- quizzes: bank import/export, statistics ------------------------------------------


def question_import(world, n):
    from quizzes.tests.factories import CategoryFactory

    CategoryFactory.create_batch(n)
    return reverse("quizzes_admin:import")


def question_export(world, n):
    from quizzes.tests.factories import CategoryFactory, QuestionFactory

    category = CategoryFactory()
    QuestionFactory.create_batch(n, category=category)
    return reverse("quizzes_admin:export", args=[category.pk])


def quiz_stats(query: str = "", *, results: bool = False):
    """``n`` quizzes, each with a graded attempt (written directly: the report
    reads attempts, not the pages they were taken in)."""

    def build(world, n):
        from quizzes.models import Attempt
        from quizzes.tests.factories import QuizFactory

        learner = world.user("learner")
        Attempt.objects.bulk_create(
            Attempt(
                user=learner,
                quiz=quiz,
                number=1,
                state="submitted",
                submitted_at=timezone.now(),
                score=1,
                max_score=2,
                percent=50,
                passed=True,
            )
            for quiz in QuizFactory.create_batch(n)
        )
        name = "quizzes_admin:stats_results" if results else "quizzes_admin:stats"
        return reverse(name) + query

    return build


def question_stats(query: str = "", *, results: bool = False):
    def build(world, n):
        quiz, lesson = world.quiz_with(n)
        world.attempt(quiz, lesson, submit=True)
        name = (
            "quizzes_admin:question_stats_results"
            if results
            else "quizzes_admin:question_stats"
        )
        return reverse(name, args=[quiz.pk]) + query

    return build


def _essays(world, n):
    """A quiz of one essay question with ``n`` submitted answers awaiting grading
    (rows written directly, as the grading pages read them)."""
    from quizzes.models import Attempt, AttemptAnswer, AttemptQuestion
    from quizzes.qtypes import QuestionType
    from quizzes.snapshots import question_snapshot
    from quizzes.tests.factories import QuestionFactory, quiz_with_questions

    essay = QuestionFactory(qtype=QuestionType.ESSAY, answers=[])
    quiz = quiz_with_questions([essay])
    answers = []
    for person in world.people(n):
        attempt = Attempt.objects.create(
            user=person,
            quiz=quiz,
            number=1,
            state="pending",
            submitted_at=timezone.now(),
        )
        slot = AttemptQuestion.objects.create(
            attempt=attempt,
            question=essay,
            order=0,
            max_points=1,
            snapshot=question_snapshot(essay, []),
        )
        answers.append(
            AttemptAnswer.objects.create(
                slot=slot, response={"text": "Bài làm"}, state="pending"
            )
        )
    return quiz, essay, answers


def essay_grading(world, n):
    _essays(world, n)
    return reverse("quizzes_admin:grading")


def essay_queue(world, n):
    quiz, essay, _answers = _essays(world, n)
    return reverse("quizzes_admin:grading_quiz", args=[quiz.pk])


def essay_answer(world, n):
    _quiz, essay, answers = _essays(world, n)
    return reverse("quizzes_admin:grading_answer", args=[answers[0].pk])


def question_import_job(status: bool = False):
    def build(world, n):
        from django.core.files.base import ContentFile

        from quizzes.models import QuestionImportJob
        from quizzes.tests.factories import CategoryFactory

        job = QuestionImportJob(
            filename="bank.xml",
            category=CategoryFactory(),
            status="failed",
            errors=[{"line": i + 1, "message": "x", "code": "error"} for i in range(n)],
        )
        job.file.save("bank.xml", ContentFile(b"<quiz/>"), save=False)
        job.save()
        name = (
            "quizzes_admin:import_job_status" if status else "quizzes_admin:import_job"
        )
        return reverse(name, args=[job.pk])

    return build


# --- certificates ---------------------------------------------------------------------


def register(name: str = "certificates_admin:register", query: str = ""):
    def build(world, n):
        world.certify(
            [(person, world.course, None, None) for person in world.people(n)]
        )
        return reverse(name) + query

    return build


def certificate_detail(world, n):
    """A certificate with ``n`` events in its history."""
    from certificates.models import CertificateEvent

    certificate = world.issued
    editor = world.user("editor")
    CertificateEvent.objects.bulk_create(
        CertificateEvent(certificate=certificate, action="emailed", actor=editor)
        for _ in range(n)
    )
    return reverse("certificates_admin:detail", args=[certificate.pk])


def certificate_pdf(world, n):
    world.certificates(world.user("learner"), n)
    return reverse("certificates_admin:pdf", args=[world.issued.pk])


def certificate_issue(world, n):
    """The issue form lists every completed enrolment of a certificate course."""
    enrolments(world, n, status="completed")
    return reverse("certificates_admin:issue")


def bulk_issue(world, n):
    """The bulk form lists the classes and the latest jobs."""
    from certificates.models import BulkIssueJob

    for _ in range(n):
        BulkIssueJob.objects.create(
            training_class=world.training_class(sessions=0),
            created_by=world.user("editor"),
        )
    return reverse("certificates_admin:bulk")


def _bulk_job(world, n):
    from certificates.models import BulkIssueJob

    enrolments(world, n, status="completed")
    job = BulkIssueJob(
        training_class=world.klass,
        created_by=world.user("editor"),
        status="done",
        total=n,
        done=n,
        issued=n,
    )
    job.archive.save("lop.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    job.save()
    return job


def bulk_job(name: str):
    def build(world, n):
        return reverse(name, args=[_bulk_job(world, n).pk])

    return build


# --- plan -----------------------------------------------------------------------------


def plan_dashboard(world, n):
    world.trained(n, units=True)
    return reverse("plan_admin:dashboard")


def admin_home(world, n):
    world.trained(n, units=True)
    return reverse("wagtailadmin_home")


def headcount(name: str = "plan_admin:headcount", query: str = "?by=unit"):
    """The headcount report broken down by unit: one row per unit trained."""

    def build(world, n):
        world.trained(n, units=True)
        return reverse(name) + query

    return build


def people(name: str = "plan_admin:people", query: str = ""):
    def build(world, n):
        world.trained(n)
        return reverse(name) + query

    return build


def _report_job(world, n):
    from plan.models import ReportJob

    world.trained(n)
    job = ReportJob(
        kind="export",
        status="done",
        total=n,
        done=n,
        requested_by=world.user("plan_manager"),
        finished_at=timezone.now(),
    )
    job.file.save("hoc-vien.xlsx", ContentFile(b"PK export"), save=False)
    job.save()
    return job


def report_job(name: str):
    def build(world, n):
        return reverse(name, args=[_report_job(world, n).pk])

    return build


def _annual_report(world):
    from plan.models import AnnualReport

    report = getattr(world, "_annual_report", None)
    if report is None:
        report = world._annual_report = AnnualReport.objects.create(
            plan=world.plan, year=timezone.localdate().year
        )
    return report


def _report_versions(world, n):
    from plan.models import AnnualReportVersion

    report = _annual_report(world)
    for _ in range(n):
        version = AnnualReportVersion(
            report=report, generated_by=world.user("plan_manager")
        )
        version.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        version.xlsx.save("bao-cao.xlsx", ContentFile(b"PK"), save=False)
        version.save()
    return report


def report_generate(world, n):
    report = _report_versions(world, n)
    return reverse("plan_admin:report_generate", args=[report.pk])


def report_file(world, n):
    version = _report_versions(world, n).versions.first()
    return reverse("plan_admin:report_file", args=[version.pk, "pdf"])


# --- snippet listings -----------------------------------------------------------------


def _snippets(model_label: str, make):
    app_label, model_name = model_label.split(".")

    def build(world, n):
        for _ in range(n):
            make(world)
        return reverse(f"wagtailsnippets_{app_label}_{model_name}:list")

    build.__name__ = f"snippets_{model_name}"
    return build


def _plan_rows(world, make):
    return make(world.plan)


def _objective(plan):
    from plan.models import Objective

    return Objective.objects.create(plan=plan, code=f"O{number()}", text="Mục tiêu")


def _indicator_value(plan):
    from plan.models import IndicatorKind, IndicatorValue

    kind = IndicatorKind.objects.filter(objective__plan=plan).first()
    return IndicatorValue.objects.create(kind=kind, year=2000 + number() % 900, count=3)


def _snippet_makers():
    from courses.models import IPArea
    from directory.models import Unit
    from plan.models import (
        AnnualReport,
        ImplementingUnitGroup,
        Plan,
        TaskGroup,
        YearlyTarget,
    )
    from quizzes.tests.factories import CategoryFactory, QuestionFactory, QuizFactory
    from tests.factories import (
        AudienceGroupFactory,
        CommuneFactory,
        UnitFactory,
        UserFactory,
    )

    def unit(world):
        UnitFactory(parent=Unit.objects.get(code="perf-unit"))

    def target(world):
        from tests.factories import AudienceGroupFactory

        YearlyTarget.objects.create(
            plan=world.plan,
            year=2025,
            audience_group=AudienceGroupFactory(),
            unit=world.unit,
            target=10,
        )

    def reorganisation(world):
        import datetime

        from directory.models import Reorganisation, UnitSuccession

        n = number()
        reorganisation = Reorganisation.objects.create(
            code=f"reorg-{n}", name="Sắp xếp", effective_on=datetime.date(2025, 7, 1)
        )
        UnitSuccession.objects.create(
            reorganisation=reorganisation,
            predecessor=UnitFactory(),
            successor=UnitFactory(),
            kind="merge",
            source="nguồn",
        )

    def issuer_period(world):
        import datetime

        from directory.models import IssuerPeriod

        IssuerPeriod.objects.create(
            label=f"Thời kỳ {number()}",
            valid_from=datetime.date(2025, 7, 1),
            issuer_name="Sở",
            issuer_lines="UBND\nSỞ",
            place="Cần Thơ",
        )

    def unit_assignment(world):
        from accounts.services import unit_assign

        unit_assign(user=UserFactory(), unit=UnitFactory(), by=world.user("admin"))

    return {
        "accounts.unitassignment": unit_assignment,
        "directory.reorganisation": reorganisation,
        "directory.issuerperiod": issuer_period,
        "directory.audiencegroup": lambda w: AudienceGroupFactory(),
        "directory.unit": unit,
        "directory.commune": lambda w: CommuneFactory(),
        "courses.trainingclass": lambda w: w.training_class(sessions=0),
        "courses.iparea": lambda w: IPArea.objects.create(
            code=f"area-{number()}", name="Lĩnh vực"
        ),
        "quizzes.quiz": lambda w: QuizFactory(),
        "quizzes.question": lambda w: QuestionFactory(),
        "quizzes.questioncategory": lambda w: CategoryFactory(),
        "plan.plan": lambda w: Plan.objects.create(
            number=f"{number()}/KH-PERF", title="Kế hoạch"
        ),
        "plan.objective": lambda w: _plan_rows(w, _objective),
        "plan.taskgroup": lambda w: _plan_rows(
            w,
            lambda plan: TaskGroup.objects.create(
                plan=plan, code=f"T{number()}", title="Nhóm"
            ),
        ),
        "plan.implementingunitgroup": lambda w: _plan_rows(
            w,
            lambda plan: ImplementingUnitGroup.objects.create(
                plan=plan, code=f"G{number()}", name="Nhóm đơn vị"
            ),
        ),
        "plan.yearlytarget": target,
        "plan.indicatorvalue": lambda w: _plan_rows(w, _indicator_value),
        "plan.annualreport": lambda w: _plan_rows(
            w,
            lambda plan: AnnualReport.objects.create(plan=plan, year=2000 + number()),
        ),
    }


def snippets(model_label: str):
    return _snippets(model_label, lambda world: _snippet_makers()[model_label](world))
