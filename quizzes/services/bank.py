"""Question bank changes: categories by path and the import of parsed files."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from wagtail.search.backends import get_search_backends

from ..interchange import ParsedQuestion
from ..models import Choice, Question, QuestionCategory
from ..qtypes import QuestionType
from .files import StoredFiles, point_at_files


def category_ensure(*, path: str, parent: QuestionCategory | None = None, course=None):
    """The category at ``path`` ("A/B") under ``parent``, created as needed."""
    node = parent
    for name in [p.strip() for p in path.split("/") if p.strip()]:
        node, _created = QuestionCategory.objects.get_or_create(
            parent=node, name=name[:255], defaults={"course": course}
        )
    if node is None:
        raise ValueError("empty category path")
    return node


def _question_fields(parsed: ParsedQuestion) -> dict:
    options = dict(parsed.options)
    if parsed.qtype == QuestionType.MULTIPLE:
        options.setdefault("partial_credit", True)
    if parsed.qtype == QuestionType.SHORT:
        options.setdefault("accept_without_diacritics", False)
    return {
        "qtype": parsed.qtype,
        "title": parsed.title[:255],
        "text": parsed.text,
        "text_format": parsed.text_format,
        "general_feedback": parsed.general_feedback,
        "points": parsed.points,
        "options": options,
        "idnumber": parsed.idnumber[:100],
        "tags": list(parsed.tags),
        "grader_info": parsed.grader_info,
    }


def questions_import(
    *,
    questions: Iterable[ParsedQuestion],
    category: QuestionCategory | None,
    use_file_categories: bool = True,
    skip_existing: bool = False,
    course=None,
    progress: Callable[[int], None] | None = None,
) -> list[Question]:
    """Save parsed questions, all or none. ``$CATEGORY`` paths from the file are
    created below the top level (or ignored with ``use_file_categories=False``).
    ``skip_existing`` leaves out questions whose category already has that title
    (makes the demo loader idempotent). Embedded files become Wagtail images
    and documents; if anything fails, the rows are rolled back and the stored
    files deleted. ``progress(n)`` is called every 100 questions."""
    files = StoredFiles()
    try:
        with transaction.atomic():
            return _import(
                questions,
                category,
                use_file_categories,
                skip_existing,
                course,
                files,
                progress,
            )
    except BaseException:
        files.discard()
        raise


BATCH = 250


def _import(
    questions, category, use_file_categories, skip_existing, course, files, progress
) -> list[Question]:
    """Rows are written in batches (``bulk_create``: a few queries per batch
    whatever the bank's size), then added to the search index in bulk, which
    is what saving them one by one would have done through Wagtail's signals."""
    saved: list[Question] = []
    batch: list[tuple[Question, ParsedQuestion]] = []
    cache: dict[str, QuestionCategory] = {}

    def flush() -> None:
        files.flush()
        rows = Question.objects.bulk_create([question for question, _p in batch])
        Choice.objects.bulk_create(
            [
                Choice(
                    question=question,
                    sort_order=order,
                    text=c.text,
                    fraction=c.fraction,
                    feedback=c.feedback,
                    match_text=c.match_text[:500],
                    tolerance=c.tolerance,
                )
                for question, parsed in batch
                for order, c in enumerate(parsed.choices)
            ]
        )
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Question, rows)
        saved.extend(rows)
        batch.clear()
        if progress is not None:
            progress(len(saved))

    for parsed in questions:
        target = category
        if use_file_categories and parsed.category:
            if parsed.category not in cache:
                cache[parsed.category] = category_ensure(
                    path=parsed.category, course=course
                )
            target = cache[parsed.category]
        if target is None:
            raise ValueError(f"no category for question at line {parsed.line}")
        if skip_existing and target.questions.filter(title=parsed.title[:255]).exists():
            continue
        if parsed.files:
            urls = {
                f.name: files.store(name=f.name, data=f.data)
                for f in parsed.files
                if f.data is not None
            }
            point_at_files(parsed, urls)
        question = Question(category=target, **_question_fields(parsed))
        batch.append((question, parsed))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return saved
