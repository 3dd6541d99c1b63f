"""The plan as data, the figures plan managers enter and the reports generated.

Split by concern: ``structure`` (the plan's text: objectives, task groups, units),
``tracking`` (yearly targets and indicator values) and ``reports`` (annual
reports, their generated versions and background jobs).
"""

from .reports import AnnualReport, AnnualReportVersion, ReportJob
from .structure import (
    ImplementingUnitGroup,
    IndicatorKind,
    Objective,
    Plan,
    PlanTask,
    TaskGroup,
    UnitDuty,
)
from .tracking import IndicatorValue, YearlyTarget

__all__ = [
    "AnnualReport",
    "AnnualReportVersion",
    "ImplementingUnitGroup",
    "IndicatorKind",
    "IndicatorValue",
    "Objective",
    "Plan",
    "PlanTask",
    "ReportJob",
    "TaskGroup",
    "UnitDuty",
    "YearlyTarget",
]
