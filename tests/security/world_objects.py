"""Objects of the apps, created for the security tests when the app provides them.

Every builder is defensive: an app still under construction contributes nothing
and the URL that needs its object then fails to build (so it is noticed).
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone

logger = logging.getLogger(__name__)


def build(world) -> dict:
    objects: dict = {}
    from core.services import site_home_ensure
    from directory.services import directory_load

    directory_load()

    objects["home"] = site_home_ensure()
    for builder in (_courses, _quizzes, _certificates, _plan, _learner_import):
        try:
            objects.update(builder(world, objects) or {})
        except (ImportError, AttributeError) as exc:  # app not there yet
            logger.info("security world: %s skipped (%s)", builder.__name__, exc)
    return objects


def _courses(world, objects):
    import datetime

    from courses.models import TrainingClass
    from courses.pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
    from courses.services import enrollment_create

    home = objects["home"]
    index = home.add_child(
        instance=CourseIndexPage(title="Danh mục khóa học", slug="khoa-hoc")
    )
    course = index.add_child(
        instance=CoursePage(
            title="Sở hữu trí tuệ cơ bản",
            slug="shtt-co-ban",
            summary="Khái niệm, đối tượng và thủ tục xác lập quyền.",
            level="basic",
            estimated_hours=4,
        )
    )
    module = course.add_child(instance=ModulePage(title="Học phần 1", slug="hp-1"))
    lesson = module.add_child(
        instance=LessonPage(
            title="Bài 1: Quyền tác giả",
            slug="bai-1",
            body=[("paragraph", "<p>Nội dung chỉ dành cho học viên đã ghi danh.</p>")],
        )
    )
    preview = module.add_child(
        instance=LessonPage(title="Bài 0: Giới thiệu", slug="bai-0", free_preview=True)
    )
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        course=course,
        title="Lớp tập huấn Vị Thanh",
        code="lop-vi-thanh",
        start_date=today,
        end_date=today + datetime.timedelta(days=2),
    )
    enrollment = enrollment_create(
        user=world.users["learner"], course=course, training_class=training_class
    )
    return {
        "catalogue": index,
        "course": course,
        "module": module,
        "lesson": lesson,
        "preview_lesson": preview,
        "training_class": training_class,
        "enrollment": enrollment,
    }


def _quizzes(world, objects):
    from quizzes.services.attempts import attempt_start, attempt_submit
    from quizzes.tests.factories import QuestionFactory, place_quiz, quiz_with_questions

    questions = [QuestionFactory() for _ in range(3)]
    quiz = quiz_with_questions(questions, slug="kiem-tra-bao-mat")
    lesson = place_quiz(objects["lesson"], quiz)
    learner = world.users["learner"]
    submitted = attempt_start(user=learner, quiz=quiz, lesson=lesson)
    submitted, _graded = attempt_submit(attempt=submitted, user=learner, answers={})
    attempt = attempt_start(user=learner, quiz=quiz, lesson=lesson)
    from django.urls import reverse

    essay_quiz, essay_answer, import_job = _essay_and_import(world, learner)
    return {
        "essay_quiz": essay_quiz,
        "essay_answer": essay_answer,
        "import_job": import_job,
        "quiz": quiz,
        "questions": questions,
        "attempt": attempt,
        "submitted_attempt": submitted,
        "quiz_url": reverse("quizzes:attempt", kwargs={"pk": attempt.pk}),
    }


def _essay_and_import(world, learner):
    """An essay awaiting grading (rows written directly, on a quiz of its own)
    and a question import job, for the grading and import job pages."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from quizzes.models import (
        Attempt,
        AttemptAnswer,
        AttemptQuestion,
        QuestionImportJob,
    )
    from quizzes.snapshots import question_snapshot
    from quizzes.tests.factories import QuestionFactory, quiz_with_questions

    essay = QuestionFactory(qtype="essay", answers=[], title="Tự luận bảo mật")
    quiz = quiz_with_questions([essay], slug="tu-luan-bao-mat")
    attempt = Attempt.objects.create(
        user=learner, quiz=quiz, number=1, state="pending", submitted_at=timezone.now()
    )
    slot = AttemptQuestion.objects.create(
        attempt=attempt,
        question=essay,
        order=0,
        max_points=1,
        snapshot=question_snapshot(essay, []),
    )
    answer = AttemptAnswer.objects.create(
        slot=slot, response={"text": "Bài làm"}, state="pending"
    )
    job = QuestionImportJob(
        filename="bank.xml", category=essay.category, created_by=world.users["editor"]
    )
    job.file.save("bank.xml", ContentFile(b"<quiz/>"), save=False)
    job.save()
    return quiz, answer, job


def _certificates(world, objects):
    from certificates.models import BulkIssueJob
    from certificates.services import certificate_issue, certificate_render
    from courses.models import Enrollment, TrainingClass

    enrollment = objects["enrollment"]
    # A class's certificates follow its end: the class has been held.
    today = timezone.localdate()
    TrainingClass.objects.filter(pk=objects["training_class"].pk).update(
        start_date=today - datetime.timedelta(days=3),
        end_date=today - datetime.timedelta(days=1),
    )
    objects["training_class"].refresh_from_db()
    Enrollment.objects.filter(pk=enrollment.pk).update(status="completed")
    enrollment.refresh_from_db()
    certificate = certificate_issue(enrollment=enrollment)
    # on_commit never fires inside a test transaction: render now.
    certificate = certificate_render(certificate_id=certificate.pk, notify=False)
    job = BulkIssueJob.objects.create(
        training_class=objects["training_class"], created_by=world.users["editor"]
    )
    return {"certificate": certificate, "bulk_job": job}


def _plan(world, objects):
    from django.core.files.base import ContentFile

    from plan.loader import plan_file_read, plan_load
    from plan.models import AnnualReport, AnnualReportVersion, Plan, ReportJob

    if not Plan.objects.exists():
        from pathlib import Path

        import plan

        seed = Path(plan.__file__).parent / "seeds" / "66-KH-UBND-2021.json"
        plan_load(data=plan_file_read(seed))
    report = AnnualReport.objects.create(plan=Plan.objects.first(), year=2025)
    version = AnnualReportVersion(
        report=report, generated_by=world.users["plan_manager"]
    )
    version.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    version.xlsx.save("bao-cao.xlsx", ContentFile(b"PK test"), save=False)
    version.save()
    job = ReportJob(
        kind="export", status="done", requested_by=world.users["plan_manager"]
    )
    job.file.save("export.xlsx", ContentFile(b"PK export"), save=False)
    job.save()
    plan_snippets = _plan_snippets(report)
    return {
        "annual_report": report,
        "report_version": version,
        "report_job": job,
        "plan_snippets": plan_snippets,
    }


def _plan_snippets(report) -> dict:
    """One object of each plan snippet model (the URL matrix opens their views)."""
    from directory.models import AudienceGroup
    from plan.models import IndicatorKind, IndicatorValue, YearlyTarget

    plan = report.plan
    target = YearlyTarget.objects.create(
        plan=plan, year=2025, audience_group=AudienceGroup.objects.first(), target=10
    )
    kind = IndicatorKind.objects.filter(objective__plan=plan).first()
    value = IndicatorValue.objects.create(kind=kind, year=2025, count=3)
    return {
        "plan": plan,
        "objective": kind.objective,
        "taskgroup": plan.task_groups.first(),
        "implementingunitgroup": plan.unit_groups.first(),
        "yearlytarget": target,
        "indicatorvalue": value,
        "annualreport": report,
    }


def _learner_import(world, objects):
    from courses.models import LearnerImport

    upload = LearnerImport.objects.create(
        created_by=world.users["editor"], filename="ds.csv", course=objects["course"]
    )
    return {"learner_import": upload}
