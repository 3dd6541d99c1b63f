from django.utils.functional import SimpleLazyObject

from accounts.roles import Role


def _roles(request):
    user = request.user
    if not user.is_authenticated:
        return set()
    return {group.name for group in user.groups.all()}


def site_chrome(request):
    """Lazy facts the header needs: which roles the visitor has, and the
    department's identity."""
    from .identity import identity_for_request

    roles = SimpleLazyObject(lambda: _roles(request))
    return {
        "user_roles": roles,
        # Name, emblem and contact lines (cached; see core.identity).
        "site_identity": SimpleLazyObject(lambda: identity_for_request(request)),
        "ROLE": {role.name: role.value for role in Role},
    }
