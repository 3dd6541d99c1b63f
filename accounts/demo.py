"""Demo accounts for `make demo`: one per role, all with verified e-mail."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from directory.models import AudienceGroup, Unit

from . import services
from .models import User
from .roles import Role, roles_sync

DEMO_PASSWORD = "shtt-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role | None
    unit_code: str
    audience_code: str
    position: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin@demo.shtt.vn",
        "Quản Trị Hệ Thống",
        None,
        "so-khcn",
        "can-bo-quan-ly-nha-nuoc",
        "Quản trị hệ thống",
        superuser=True,
    ),
    DemoAccount(
        "bientap@demo.shtt.vn",
        "Trần Thị Thu Hà",
        Role.EDITOR,
        "so-khcn",
        "can-bo-quan-ly-nha-nuoc",
        "Chuyên viên Phòng Quản lý chuyên ngành",
    ),
    DemoAccount(
        "quanly@demo.shtt.vn",
        "Lê Văn Phước",
        Role.PLAN_MANAGER,
        "so-khcn",
        "can-bo-quan-ly-nha-nuoc",
        "Trưởng phòng Quản lý chuyên ngành",
    ),
    DemoAccount(
        "daumoi@demo.shtt.vn",
        "Nguyễn Thị Ngọc Hân",
        Role.UNIT_FOCAL_POINT,
        "ubnd-tp-vi-thanh",
        "can-bo-quan-ly-nha-nuoc",
        "Chuyên viên Phòng Kinh tế",
    ),
    DemoAccount(
        "hocvien@demo.shtt.vn",
        "Phạm Quốc Việt",
        Role.LEARNER,
        "doanh-nghiep",
        "quan-tri-tai-san-tri-tue-doanh-nghiep",
        "Phụ trách sở hữu trí tuệ",
    ),
]


def load() -> list[tuple[str, str, str]]:
    """Create (or leave as they are) the demo accounts; return their logins.

    The roles' groups and permissions first: migrate syncs them, but a demo
    loaded into an older database must find them as this code defines them."""
    roles_sync()
    logins = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            creator = (
                User.objects.create_superuser
                if account.superuser
                else User.objects.create_user
            )
            user = creator(email=account.email, password=DEMO_PASSWORD)
            EmailAddress.objects.get_or_create(
                user=user,
                email=account.email,
                defaults={"verified": True, "primary": True},
            )
            services.profile_update(
                user=user,
                full_name=account.full_name,
                audience_group=AudienceGroup.objects.get(code=account.audience_code),
                organisation=Unit.objects.get(code=account.unit_code).name,
                unit=Unit.objects.get(code=account.unit_code),
                position=account.position,
            )
        services.role_grant(user=user, role=Role.LEARNER)
        if account.role:
            services.role_grant(user=user, role=account.role)
        if account.role == Role.UNIT_FOCAL_POINT:
            # The scope is an administrator's assignment, not the profile's unit.
            services.unit_assign(
                user=user, unit=Unit.objects.get(code=account.unit_code)
            )
        label = account.role.value if account.role else "Quản trị (superuser)"
        logins.append((label, account.email, DEMO_PASSWORD))
    return logins
