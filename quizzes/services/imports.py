"""Big question banks (Moodle XML) imported as a background job.

Two passes over the stored file, both streamed (``moodle_xml.iter_moodle_xml``):
the first reads and checks every question without keeping file contents; if
any question is refused, the job fails with the first errors by line and
nothing is written. The second imports in one transaction (``questions_import``),
storing each question's files as it goes, so memory stays bounded whatever
the file's size."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from core.services import job_advance, job_fail, job_finish, job_start

from ..interchange import ParseError, ParseIssue
from ..models import QuestionImportJob
from ..moodle_xml import iter_moodle_xml
from .bank import questions_import

PREVIEW_ERRORS = 20
_STEP = 1024 * 1024


def progress_key(job_id: int) -> str:
    return f"quizzes:import-job:{job_id}:done"


class _Counting:
    """A binary file that reports how far it has been read."""

    def __init__(self, handle, report):
        self.handle, self.report, self.position, self.last = handle, report, 0, 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.position += len(data)
        if self.position - self.last >= _STEP:
            self.last = self.position
            self.report(self.position)
        return data

    def seek(self, offset, whence=0):
        self.position = self.handle.seek(offset, whence)
        return self.position


def question_import_check(*, source, report=None) -> tuple[int, list[ParseIssue]]:
    """Pass one: (questions understood, first errors). Raises nothing but
    ParseError (whole file unreadable)."""
    count, errors = 0, []
    stream = _Counting(source, report or (lambda n: None))
    for item in iter_moodle_xml(stream):
        if isinstance(item, ParseIssue):
            errors.append(item)
            if len(errors) >= PREVIEW_ERRORS:
                break
        else:
            count += 1
    return count, errors


def question_import_job_run(*, job_id: int, resume: bool = False) -> str:
    if not job_start(job_model=QuestionImportJob, job_id=job_id, resume=resume):
        return "not queued"
    job = QuestionImportJob.objects.select_related("category").get(pk=job_id)
    size = job.file.size
    job_advance(job=job, done=0, total=2 * size)
    try:
        with job.file.open("rb") as handle:
            count, errors = question_import_check(
                source=handle, report=lambda n: job_advance(job=job, done=n)
            )
    except ParseError as exc:
        errors, count = exc.errors, 0
    if errors or not count:
        job.errors = [
            {"line": e.line, "message": e.message, "code": e.code}
            for e in errors[:PREVIEW_ERRORS]
        ]
        job_fail(
            job=job,
            error=_("The file has errors; nothing was imported.")
            if errors
            else _("The file holds no question."),
            fields=["errors"],
        )
        return "refused"
    job_advance(job=job, done=size)

    def progress(n: int) -> None:
        # Rows are invisible until the commit; the page reads the cache.
        cache.set(progress_key(job.pk), size + n * size // count, timeout=3600)

    try:
        with job.file.open("rb") as handle:
            saved = questions_import(
                questions=_questions(handle),
                category=job.category,
                use_file_categories=job.use_file_categories,
                progress=progress,
            )
    except Exception as exc:
        job_fail(job=job, error=_("The import failed: %(error)s") % {"error": exc})
        return "failed"
    job.imported = len(saved)
    job.done = job.total
    job_finish(job=job, fields=["imported"])
    cache.delete(progress_key(job.pk))
    return "done"


def _questions(handle):
    for item in iter_moodle_xml(handle, with_files=True):
        if isinstance(item, ParseIssue):  # checked in pass one: file changed?
            raise ValueError(f"line {item.line}: {item.message}")
        yield item
