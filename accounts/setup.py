"""The roles (groups and their permissions) for ``manage.py setup_site``."""

from .roles import Role, roles_sync


def load() -> list[str]:
    roles_sync()
    return ["roles: " + ", ".join(role.value for role in Role)]
