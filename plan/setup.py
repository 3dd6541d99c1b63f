"""The plans of ``settings.PLAN_FILES`` for ``manage.py setup_site`` (no targets,
no indicator values: those are the plan managers' to enter)."""

from django.conf import settings

from .loader import plan_file_read, plans_load


def load() -> list[str]:
    lines = []
    for path in settings.PLAN_FILES:
        for result in plans_load(data=plan_file_read(path)):
            state = "loaded" if result.changed else "unchanged"
            lines.append(f"plan {result.plan.number}: {state}")
    return lines
