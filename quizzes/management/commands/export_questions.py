"""``manage.py export_questions --category NAME [--format gift|xml]`` prints the
category as GIFT or Moodle XML (files embedded)."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.bank import category_gift, category_moodle_xml
from quizzes.models import QuestionCategory


def category_by_path(path: str) -> QuestionCategory | None:
    node = None
    for name in [p.strip() for p in path.split("/") if p.strip()]:
        node = QuestionCategory.objects.filter(parent=node, name=name).first()
        if node is None:
            return None
    return node


class Command(BaseCommand):
    help = "Print a question category (and its subcategories) as a GIFT file."

    def add_arguments(self, parser):
        parser.add_argument("--category", required=True, help="Name or path 'A/B'.")
        parser.add_argument("--no-subcategories", action="store_true")
        parser.add_argument("--format", choices=["gift", "xml"], default="gift")

    def handle(self, *args, **options):
        category = category_by_path(options["category"])
        if category is None:
            matches = list(
                QuestionCategory.objects.filter(name=options["category"])[:2]
            )
            if len(matches) != 1:
                raise CommandError(f"no single category named {options['category']!r}")
            category = matches[0]
        subcategories = not options["no_subcategories"]
        if options["format"] == "xml":
            data = category_moodle_xml(category=category, subcategories=subcategories)
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        self.stdout.write(
            category_gift(category=category, subcategories=subcategories),
            ending="",
        )
