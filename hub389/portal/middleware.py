"""Cached public pages served before the rest of the middleware (sessions, authentication,
two-factor, audit context, CSRF...): a reader with no session cookie asking for a page that
`public.public_page` caches gets the cached body at once, with the strict policy. A miss, a
signed-in officer or any other page goes through the whole stack as before."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

from hub389.portal.public import cache_key, cached


class PublicCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            if getattr(view, "public_cache", False):
                hit = cached(cache_key(get_language(), request.get_full_path()))
                if hit is not None:
                    hit._csp_config = settings.CSP_PUBLIC  # type: ignore[attr-defined]
                    return hit
        return self.get_response(request)
