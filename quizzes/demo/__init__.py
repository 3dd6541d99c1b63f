"""Demo question banks and quizzes (``load`` is listed in settings.DEMO_LOADERS)."""

from .loader import load

__all__ = ["load"]
