"""Django's ModelBackend, with each person's permissions kept in the cache.

Every signed-in page asks for permissions (the header's admin link, who may
read every lesson), and ModelBackend reads them with two queries per request.
They change rarely (a role granted or withdrawn, a group's permissions edited),
so they are cached per user under a generation that every such change bumps
(receivers in ``AccountsConfig.ready``). The cache key also holds the user's
``is_superuser`` and ``is_active`` flags, so a change of those needs no bump.
"""

from django.contrib.auth.backends import ModelBackend

from core.cache import CacheGeneration

PERMISSIONS = CacheGeneration("accounts:permissions:generation")
CACHE_SECONDS = 3600


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = PERMISSIONS.cached(
                f"accounts:permissions:{user_obj.pk}:{int(user_obj.is_superuser)}",
                lambda: super(CachedPermissionsBackend, self).get_all_permissions(
                    user_obj
                ),
                CACHE_SECONDS,
            )
        return user_obj._perm_cache


def permissions_changed(sender, **kwargs) -> None:
    """Receiver: a role, a group's permissions or a person's own changed."""
    PERMISSIONS.bump()
