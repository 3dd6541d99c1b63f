from django.conf import settings
from django.utils import translation


class SiteLanguageMiddleware:
    """Vietnamese unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header,
    which would show English to many officials whose browsers are set that way;
    the product is Vietnamese first, so only an explicit choice (the cookie set by
    ``set_language``) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
