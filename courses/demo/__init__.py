"""Demo content for `make demo` (the loader is in ``courses.demo.loader``)."""

from .loader import attach_plan_tasks, attach_quiz_blocks, load

__all__ = ["attach_plan_tasks", "attach_quiz_blocks", "load"]
