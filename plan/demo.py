"""Demo data of the plan (``make demo``): the seed plan, targets, indicators.

Indicator values are invented, plausible figures and are stored with
``is_demo=True`` so reports print them as demo data. Courses are linked to plan
tasks by the ``plan_tasks`` codes of their curriculum JSON: a code such as
"III.4" names a task group; the course is linked to the group's bullets marked
``training`` in the plan file (III.2.4, III.3.7, III.4.5, III.7.1, III.8.2), or to
every bullet of the group when it has none (III.1, III.5, III.6, III.9). A full
bullet code ("III.4.5") links that bullet only.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from directory.models import AudienceGroup, Unit

from .loader import SEED, plan_file_read, plan_load
from .models import AnnualReport, IndicatorKind, PlanTask, YearlyTarget
from .services import periodic_tasks_ensure

CURRICULUM = Path(settings.BASE_DIR) / "courses" / "demo" / "curriculum"

#: People to train in 2021 per audience group; +5% a year after.
BASE_TARGETS = {
    "can-bo-quan-ly-nha-nuoc": 60,
    "luc-luong-thuc-thi": 40,
    "quan-tri-tai-san-tri-tue-doanh-nghiep": 50,
    "khoi-nghiep-doi-moi-sang-tao": 40,
    "nghien-cuu-giang-day": 20,
    "chu-the-ocop": 60,
    "hoc-sinh-sinh-vien": 100,
    "khac": 20,
}
#: Applications filed per kind in 2020 and a yearly growth factor (demo figures).
BASE_INDICATORS = {
    "sang-che": (2, 1.10),
    "giai-phap-huu-ich": (3, 1.05),
    "kieu-dang-cong-nghiep": (12, 1.03),
    "nhan-hieu": (180, 1.045),
    "chi-dan-dia-ly": (1, 1.0),
    "quyen-tac-gia": (40, 1.02),
    "quyen-lien-quan": (5, 1.02),
    "giong-cay-trong": (4, 1.03),
}
DEMO_SOURCE = "Số liệu minh họa (demo), không phải số liệu chính thức"


def load() -> list[str]:
    result = plan_load(data=plan_file_read(SEED))
    plan = result.plan
    lines = [
        f"plan {plan.number}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items()) if v)
    ]
    lines.append(demo_targets(plan))
    lines.append(_indicators(plan))
    lines.append(_link_courses(plan))
    lines.extend(periodic_tasks_ensure())
    report, created = AnnualReport.objects.get_or_create(
        plan=plan,
        year=2026,
        kind="annual",
        defaults={
            "results": (
                "(Dữ liệu demo) Năm 2026, Sở Khoa học và Công nghệ phối hợp với các "
                "sở, ngành, địa phương tổ chức các khóa học trực tuyến và lớp tập huấn "
                "về sở hữu trí tuệ cho cán bộ quản lý, lực lượng thực thi, doanh "
                "nghiệp và chủ thể sản phẩm OCOP."
            ),
            "difficulties": (
                "(Dữ liệu demo) Một số đơn vị chưa bố trí cán bộ đầu mối; tỷ lệ học "
                "viên hoàn thành khóa học trực tuyến chưa cao."
            ),
            "proposals": (
                "(Dữ liệu demo) Đề nghị UBND tỉnh chỉ đạo các đơn vị cử cán bộ tham "
                "gia đầy đủ các lớp tập huấn."
            ),
            # The plan's signer is the deputy director: signs for the director.
            "signing": "KT.",
        },
    )
    lines.append(f"annual report draft {report}: {'created' if created else 'kept'}")
    return lines


def demo_targets(plan) -> str:
    """Yearly targets per audience group (invented figures, +5% a year)."""
    created = 0
    groups = {g.code: g for g in AudienceGroup.objects.filter(code__in=BASE_TARGETS)}
    for code, base in BASE_TARGETS.items():
        if code not in groups:
            continue
        for year in plan.years:
            _t, new = YearlyTarget.objects.get_or_create(
                plan=plan,
                year=year,
                audience_group=groups[code],
                unit=None,
                defaults={
                    "target": round(base * 1.05 ** (year - plan.period_start)),
                    "is_demo": True,
                    "note": DEMO_SOURCE,
                },
            )
            created += new
    vi_thanh = Unit.objects.filter(code="ubnd-tp-vi-thanh").first()
    if vi_thanh and "can-bo-quan-ly-nha-nuoc" in groups:
        for year in plan.years:
            _t, new = YearlyTarget.objects.get_or_create(
                plan=plan,
                year=year,
                audience_group=groups["can-bo-quan-ly-nha-nuoc"],
                unit=vi_thanh,
                defaults={"target": 8, "is_demo": True, "note": DEMO_SOURCE},
            )
            created += new
    # Demo databases loaded before targets had a source: theirs are invented too.
    YearlyTarget.objects.filter(plan=plan, decision_number="", is_demo=False).update(
        is_demo=True, note=DEMO_SOURCE
    )
    return f"yearly targets: {created} created"


def _indicators(plan) -> str:
    from .models import IndicatorValue

    created = 0
    kinds = IndicatorKind.objects.filter(objective__plan=plan, code__in=BASE_INDICATORS)
    for kind in kinds:
        base, growth = BASE_INDICATORS[kind.code]
        for year in range(2020, 2027):
            _v, new = IndicatorValue.objects.get_or_create(
                kind=kind,
                year=year,
                defaults={
                    "count": round(base * growth ** (year - 2020)),
                    "is_demo": True,
                    "source": DEMO_SOURCE,
                },
            )
            created += new
    return f"indicator values (demo figures): {created} created"


def tasks_for_code(plan, code: str) -> list[PlanTask]:
    """The tasks a curriculum code stands for (see the module docstring)."""
    tasks = PlanTask.objects.filter(group__plan=plan)
    exact = list(tasks.filter(code=code))
    if exact and code.count(".") > 1:
        return exact
    group_tasks = list(tasks.filter(group__code=code, parent__isnull=True))
    training = [t for t in group_tasks if t.is_training]
    return training or group_tasks


def _link_courses(plan) -> str:
    from courses.models import CoursePage

    linked = 0
    for path in sorted(CURRICULUM.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        page = CoursePage.objects.filter(slug=data.get("slug")).first()
        if page is None:
            continue
        wanted = {
            task.pk
            for code in data.get("plan_tasks", [])
            for task in tasks_for_code(plan, code)
        }
        current = set(page.plan_tasks.values_list("pk", flat=True))
        if wanted and not wanted <= current:
            page.plan_tasks.set(sorted(wanted | current))
            page.save_revision().publish()
            linked += 1
    return f"courses linked to plan tasks: {linked}"
