"""The four roles as Django groups, with the permissions each one carries.

``ROLE_PERMISSIONS`` is the single place that says what a role may do; the other
apps add their model permissions here. ``roles_sync`` runs after every migrate and
from ``load_demo``; it is idempotent and ignores permissions whose app is not
migrated yet.
"""

import logging
from enum import StrEnum

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission

logger = logging.getLogger(__name__)


class Role(StrEnum):
    LEARNER = "Học viên"
    EDITOR = "Biên tập viên"
    PLAN_MANAGER = "Quản lý kế hoạch"
    UNIT_FOCAL_POINT = "Đầu mối đơn vị"


def _model_perms(
    app_label: str, *models: str, actions=("add", "change", "delete", "view")
):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.LEARNER: [],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "accounts.manage_learners",
        *_model_perms("wagtailimages", "image"),
        *_model_perms("wagtaildocs", "document"),
        *_model_perms(
            "directory",
            "audiencegroup",
            "unit",
            "commune",
            "reorganisation",
            "issuerperiod",
        ),
        *_model_perms(
            "courses",
            "trainingclass",
            "classsession",
            "attendance",
            "enrollment",
            "iparea",
        ),
        "courses.read_all_lessons",
        "courses.view_progress",
        *_model_perms("quizzes", "questioncategory", "question", "quiz"),
        *_model_perms("certificates", "certificate"),
        "certificates.revoke_certificate",
    ],
    Role.PLAN_MANAGER: [
        "wagtailadmin.access_admin",
        "accounts.view_all_reports",
        *_model_perms(
            "plan",
            "plan",
            "objective",
            "taskgroup",
            "implementingunitgroup",
            "yearlytarget",
            "indicatorvalue",
            "annualreport",
        ),
    ],
    Role.UNIT_FOCAL_POINT: [
        "wagtailadmin.access_admin",
        "accounts.view_unit_reports",
        "accounts.manage_learners",
    ],
}


# Wagtail checks images and documents per collection (GroupCollectionPermission),
# not with the group's model permissions: editors get these on the root
# collection, so on every collection below it.
ROLE_COLLECTION_PERMISSIONS: dict[Role, list[str]] = {
    Role.EDITOR: [
        *_model_perms("wagtailimages", "image", actions=("add", "change", "choose")),
        "wagtailimages.delete_image",
        *_model_perms("wagtaildocs", "document", actions=("add", "change", "choose")),
        "wagtaildocs.delete_document",
    ],
}


def _collection_permissions_sync(role: Role, group: Group) -> None:
    root = Collection.get_first_root_node()
    if root is None:
        return
    for permission in _permission_objects(ROLE_COLLECTION_PERMISSIONS.get(role, [])):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def _permission_objects(codes: list[str]) -> list[Permission]:
    query = Q()
    for code in codes:
        app_label, codename = code.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    if not codes:
        return []
    return list(Permission.objects.filter(query))


def roles_sync(verbosity: int = 0) -> dict[Role, Group]:
    """Create the groups and give each exactly the permissions listed above."""
    groups = {}
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        permissions = _permission_objects(codes)
        if set(group.permissions.all()) != set(permissions):
            group.permissions.set(permissions)
        groups[role] = group
        _collection_permissions_sync(role, group)
        missing = len(set(codes)) - len(permissions)
        if missing and verbosity > 1:
            logger.info("%s: %d permissions not migrated yet", role, missing)
    return groups


def user_has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return any(group.name == role.value for group in user.groups.all())
