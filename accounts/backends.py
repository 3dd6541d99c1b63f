"""allauth's backend (sign-in by e-mail; Django's ModelBackend underneath), with
each person's permissions kept in the cache.

Every signed-in page asks for permissions (the header's admin link, who may
read every lesson), and ModelBackend reads them with two queries per request.
They change rarely (a role granted or withdrawn, a group's permissions edited),
so they are cached per user under a generation that every such change bumps
(``accounts.signal_handlers``). The cache key also holds the user's
``is_superuser`` and ``is_active`` flags, so a change of those needs no bump.

The signed-in user is read with their learner profile in one query: the
header of every page prints the profile's name.

It is the only entry of AUTHENTICATION_BACKENDS: Django asks every backend in
turn, and a second ModelBackend would read the permissions again.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model

from core.cache import CacheGeneration

PERMISSIONS = CacheGeneration("accounts:permissions:generation")
CACHE_SECONDS = 3600


class CachedPermissionsBackend(AuthenticationBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("profile")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        # Kept on the user object for the request, under a name of our own
        # (ModelBackend keeps its own answer in ``_perm_cache``).
        if not hasattr(user_obj, "elearn_permissions"):
            user_obj.elearn_permissions = PERMISSIONS.cached(
                f"accounts:permissions:{user_obj.pk}:{int(user_obj.is_superuser)}",
                lambda: super(CachedPermissionsBackend, self).get_all_permissions(
                    user_obj
                ),
                CACHE_SECONDS,
            )
        return user_obj.elearn_permissions
