"""The provincial plan as data (skeleton; the plan work fills it in)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """A provincial plan such as 66/KH-UBND, loaded from a file by ``load_plan``."""

    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("plan")

    def __str__(self) -> str:
        return self.number


class TaskGroup(models.Model):
    """A task group of section III (III.1–III.9)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="task_groups")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("task group")
        unique_together = [("plan", "code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PlanTask(models.Model):
    """One bullet (or sub-bullet) of a task group, verbatim."""

    group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("code"), max_length=30)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("plan task")
        unique_together = [("group", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"
