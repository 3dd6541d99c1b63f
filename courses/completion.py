"""Pluggable completion rules.

A rule is ``func(enrollment) -> bool | None``: True when the learner meets it,
False when not yet, None when it does not apply to this course. An enrolment is
complete when at least one rule applies and every rule that applies passes.
Courses registers "required lessons done" and "class attendance"; quizzes adds
"final exam passed" from its AppConfig.ready().
"""

from collections.abc import Callable

Rule = Callable[[object], bool | None]

_RULES: dict[str, Rule] = {}


def register_rule(name: str, func: Rule) -> None:
    """Add (or replace, by name) a completion rule."""
    _RULES[name] = func


def unregister_rule(name: str) -> None:
    _RULES.pop(name, None)


def registered_rules() -> dict[str, Rule]:
    return dict(_RULES)


def rules_evaluate(enrollment) -> dict[str, bool | None]:
    return {name: func(enrollment) for name, func in _RULES.items()}


def rules_pass(results: dict[str, bool | None]) -> bool:
    applying = [value for value in results.values() if value is not None]
    return bool(applying) and all(applying)


def required_lessons_done(enrollment) -> bool | None:
    """Every live, non-optional lesson of the course is done (None if it has none)."""
    from .selectors import lesson_counts

    done, total = lesson_counts(user=enrollment.user, course=enrollment.course)
    if total == 0:
        return None
    return done >= total


def class_attendance_met(enrollment) -> bool | None:
    """Attendance at the class's sessions reaches its minimum (None without a class)."""
    from .selectors import attendance_percent, class_is_over

    training_class = enrollment.training_class
    if training_class is None:
        return None
    # Not before the class is over: a certificate must not predate its last
    # session.
    if not class_is_over(training_class=training_class):
        return False
    percent = attendance_percent(user=enrollment.user, training_class=training_class)
    if percent is None:
        return None
    return percent >= training_class.min_attendance_percent


def register_default_rules() -> None:
    register_rule("required_lessons_done", required_lessons_done)
    register_rule("class_attendance", class_attendance_met)
