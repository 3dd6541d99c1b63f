from django.utils.functional import SimpleLazyObject

from .identity import identity_for_request


def site_chrome(request):
    """What the header and footer need: the department's identity (name,
    emblem and contact lines; cached, see core.identity), read only if a
    template uses it."""
    return {"site_identity": SimpleLazyObject(lambda: identity_for_request(request))}
