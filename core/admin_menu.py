"""One admin menu item for the apps' menus: shown only to users allowed to use it."""

from __future__ import annotations

from collections.abc import Callable

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown when the user has ``permission`` (``app.codename``), or
    when ``check(user)`` says so for rules one permission cannot express."""

    def __init__(
        self,
        *args,
        permission: str | None = None,
        check: Callable[..., bool] | None = None,
        **kwargs,
    ):
        if (permission is None) == (check is None):
            raise TypeError("PermissionMenuItem takes a permission or a check")
        super().__init__(*args, **kwargs)
        self.permission = permission
        self.check = check

    def is_shown(self, request):
        if self.check is not None:
            return self.check(request.user)
        return request.user.has_perm(self.permission)
