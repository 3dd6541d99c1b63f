"""The generation the reports' cached filter options and unit trees are kept
under (read by ``plan.filters`` and ``plan.counting``)."""

from core.cache import CacheGeneration
from courses.models import TrainingClass
from courses.pages import IPArea
from directory.models import AudienceGroup, Commune, Unit

from .models import Plan, PlanTask, TaskGroup

#: The filters' options (some 400: units, communes, courses, classes, tasks)
#: are read from the cache: rendering them was the biggest part of a report.
#: A change to one of these models bumps this generation
#: (``plan.signal_handlers``); a course's title or publication bumps CONTENT.
FILTER_OPTIONS = CacheGeneration("plan:filter-options:generation")
FILTER_OPTION_MODELS = (
    AudienceGroup,
    Unit,
    Commune,
    IPArea,
    TrainingClass,
    TaskGroup,
    PlanTask,
    Plan,
)
