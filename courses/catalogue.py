"""Set-up of the catalogue page and the IP areas (used by the demo and by tests)."""

import json
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from accounts.roles import Role

from .models import CourseIndexPage, IPArea

IP_AREAS_FILE = Path(__file__).resolve().parent / "demo" / "ip_areas.json"
CATALOGUE_SLUG = "khoa-hoc"
CATALOGUE_TITLE = "Khóa học"
CATALOGUE_INTRO = (
    "<p>Các khóa học sở hữu trí tuệ từ cơ bản đến chuyên sâu dành cho cán bộ quản lý "
    "nhà nước, lực lượng thực thi, doanh nghiệp, nhóm khởi nghiệp và chủ thể OCOP "
    "tỉnh Hậu Giang.</p>"
)
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page")


def ip_areas_load(path: Path = IP_AREAS_FILE) -> int:
    """Create the IP areas of ``path`` that do not exist yet; return how many."""
    created = 0
    for order, row in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        _area, was_created = IPArea.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "sort_order": order,
            },
        )
        created += was_created
    return created


@transaction.atomic
def catalogue_ensure(*, home: Page) -> CourseIndexPage:
    """The catalogue page under ``home`` (created if missing), editable by editors."""
    catalogue = CourseIndexPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = home.add_child(
            instance=CourseIndexPage(
                title=CATALOGUE_TITLE, slug=CATALOGUE_SLUG, intro=CATALOGUE_INTRO
            )
        )
        catalogue.save_revision().publish()
    group, _created = Group.objects.get_or_create(name=Role.EDITOR.value)
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=catalogue, permission=permission
        )
    return catalogue
