"""The pages the accessibility audit opens, built from the security world.

Each entry is name -> (path, role signed in or None). A page whose app has not
provided it yet raises ``LookupError`` with the reason, so the audit fails
instead of silently shrinking.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

REQUIRED = (
    "home",
    "catalogue",
    "course",
    "lesson",
    "quiz",
    "dashboard",
    "certificates",
    "verify",
)


def _reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch as exc:
        raise LookupError(f"URL {name} does not exist yet") from exc


def _object(world, name):
    value = world.objects.get(name)
    if value is None:
        raise LookupError(f"the security world has no {name} yet")
    return value


def page_paths(world) -> dict[str, tuple[str, str | None]]:
    builders = {
        "home": lambda: ("/", None),
        "catalogue": lambda: (_object(world, "catalogue").url, None),
        "course": lambda: (_object(world, "course").url, None),
        "verify": lambda: (_reverse("certificates:verify"), None),
        "verify-result": lambda: (
            _reverse(
                "certificates:verify_detail",
                code=_object(world, "certificate").verification_code,
            ),
            None,
        ),
        "lesson": lambda: (_object(world, "lesson").url, "learner"),
        "quiz": lambda: (world.quiz_url, "learner"),
        "dashboard": lambda: (_reverse("courses:dashboard"), "learner"),
        "certificates": lambda: (_reverse("certificates:mine"), "learner"),
        "profile": lambda: (_reverse("accounts:profile"), "learner"),
    }
    pages, missing = {}, []
    for name, build in builders.items():
        try:
            pages[name] = build()
        except (LookupError, AttributeError) as exc:
            missing.append(f"{name}: {exc}")
    absent_required = [m for m in missing if m.split(":")[0] in REQUIRED]
    if absent_required:
        raise LookupError("pages not available: " + "; ".join(absent_required))
    # Group by role so the browser signs in as few times as possible.
    return dict(sorted(pages.items(), key=lambda item: item[1][1] or ""))
