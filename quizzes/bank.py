"""Reads of the question bank: questions as parsed data, a category as GIFT."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from django.conf import settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .gift_writer import write_gift
from .interchange import ParsedChoice, ParsedQuestion
from .models import Choice, Question, QuestionCategory
from .moodle_xml import PLUGINFILE
from .moodle_xml_writer import write_moodle_xml


def category_tree_ids(*, category: QuestionCategory) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in QuestionCategory.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = [], [category.pk]
    while stack:
        node = stack.pop()
        if node not in found:
            found.append(node)
            stack.extend(children.get(node, []))
    return found


def question_as_parsed(
    question: Question, choices: list[Choice], category: str
) -> ParsedQuestion:
    return ParsedQuestion(
        qtype=question.qtype,
        text=question.text,
        title=question.title,
        text_format=question.text_format,
        general_feedback=question.general_feedback,
        points=question.points,
        choices=[
            ParsedChoice(
                text=c.text,
                fraction=c.fraction,
                feedback=c.feedback,
                match_text=c.match_text,
                tolerance=c.tolerance,
            )
            for c in choices
        ],
        options=dict(question.options or {}),
        category=category,
        idnumber=question.idnumber,
        tags=list(question.tags or []),
        grader_info=question.grader_info,
    )


def category_questions(*, category: QuestionCategory, subcategories: bool = True):
    ids = category_tree_ids(category=category) if subcategories else [category.pk]
    questions = list(
        Question.objects.filter(category_id__in=ids)
        .select_related("category__parent")
        .prefetch_related("choices")
        .order_by("category_id", "pk")
    )
    categories = {c.pk: c for c in QuestionCategory.objects.filter(pk__in=ids)}
    parents = {
        c.pk: c for c in QuestionCategory.objects.all().only("pk", "name", "parent_id")
    }
    for cat in categories.values():
        names, node = [], cat
        while node is not None:
            names.append(node.name)
            node = parents.get(node.parent_id)
        cat.full_path = "/".join(reversed(names))
    return [
        question_as_parsed(
            q,
            sorted(q.choices.all(), key=lambda c: (c.sort_order or 0, c.pk)),
            categories[q.category_id].full_path,
        )
        for q in questions
    ]


_MEDIA_REF = re.compile(r'(?:src|href)="([^"]+)"')


def _files_of(parsed: list[ParsedQuestion]) -> dict[int, list[tuple[str, bytes]]]:
    """Images and documents a question's HTML points at, swapped for
    ``@@PLUGINFILE@@/name`` (as Moodle writes them); keyed by ``id(parsed)``."""
    media = settings.MEDIA_URL
    refs: dict[str, set[int]] = {}
    for q in parsed:
        texts = [q.text, q.general_feedback, q.grader_info]
        texts += [t for c in q.choices for t in (c.text, c.feedback)]
        for text in texts:
            for url in _MEDIA_REF.findall(text):
                if url.startswith(media):
                    refs.setdefault(url, set()).add(id(q))
    if not refs:
        return {}
    paths = {url[len(media) :]: url for url in refs}
    stored = {}
    for model in (get_image_model(), get_document_model()):
        for item in model.objects.filter(file__in=list(paths)):
            stored[paths[item.file.name]] = item.file
    found: dict[int, list[tuple[str, bytes]]] = {}
    for q in parsed:
        swaps = {}
        for url, owners in refs.items():
            if id(q) in owners and url in stored:
                name = os.path.basename(stored[url].name)
                with stored[url].open("rb") as handle:
                    found.setdefault(id(q), []).append((name, handle.read()))
                swaps[url] = PLUGINFILE + quote(name)
        for url, ref in swaps.items():
            q.text = q.text.replace(url, ref)
            q.general_feedback = q.general_feedback.replace(url, ref)
            q.grader_info = q.grader_info.replace(url, ref)
            for c in q.choices:
                c.text, c.feedback = (
                    c.text.replace(url, ref),
                    c.feedback.replace(url, ref),
                )
    return found


def category_moodle_xml(
    *, category: QuestionCategory, subcategories: bool = True
) -> bytes:
    """The category (and its subcategories) as Moodle XML, files embedded."""
    questions = category_questions(category=category, subcategories=subcategories)
    files = _files_of(questions)
    return write_moodle_xml(questions, files_for=lambda q: files.get(id(q), []))


def category_gift(*, category: QuestionCategory, subcategories: bool = True) -> str:
    """The category (and its subcategories) as a GIFT file."""
    return write_gift(
        category_questions(category=category, subcategories=subcategories)
    )
