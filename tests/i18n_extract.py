"""Find the msgids the project's own code and templates mark for translation.

A light extractor (no xgettext needed) good enough to catch a string someone
forgot to translate: ``{% translate "…" %}``, ``{% trans "…" %}``, simple
``{% blocktranslate %}…{% endblocktranslate %}`` and ``_("…")``/``gettext*("…")``.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_PARTS = {".venv", "node_modules", "migrations", "tests", "staticfiles", "bench"}

TEMPLATE_TAG = re.compile(
    r"""\{%\s*(?:trans|translate)\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""
)
BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S,
)
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
}


def _block_msgid(args: str, body: str) -> str | None:
    if "{% plural" in body or "context" in args:
        return None
    if "trimmed" in args:
        body = " ".join(line.strip() for line in body.strip().splitlines())
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", body)


def _files(suffixes: tuple[str, ...]):
    for path in ROOT.rglob("*"):
        if path.suffix in suffixes and not SKIP_PARTS.intersection(
            path.relative_to(ROOT).parts
        ):
            yield path


def extract() -> dict[str, str]:
    """msgid → first place it was found."""
    found: dict[str, str] = {}
    for path in _files((".html", ".txt")):
        if "templates" not in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_TAG.finditer(text):
            msgid = match.group(1) if match.group(1) is not None else match.group(2)
            found.setdefault(msgid, str(path.relative_to(ROOT)))
        for match in BLOCK_TAG.finditer(text):
            msgid = _block_msgid(match.group("args"), match.group("body"))
            if msgid:
                found.setdefault(msgid, str(path.relative_to(ROOT)))
    for path in _files((".py",)):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in GETTEXT_NAMES and isinstance(first, ast.Constant):
                if isinstance(first.value, str):
                    found.setdefault(first.value, str(path.relative_to(ROOT)))
    return found
