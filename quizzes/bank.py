"""Reads of the question bank: questions as parsed data, a category as GIFT."""

from __future__ import annotations

from .gift_writer import write_gift
from .interchange import ParsedChoice, ParsedQuestion
from .models import Choice, Question, QuestionCategory


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


def category_gift(*, category: QuestionCategory, subcategories: bool = True) -> str:
    """The category (and its subcategories) as a GIFT file."""
    return write_gift(
        category_questions(category=category, subcategories=subcategories)
    )
