"""Session lifetime and caching rules for signed-in pages."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

#: Session key holding when the user signed in (seconds since the epoch).
SIGNED_IN_AT = "portal_signed_in_at"


class AbsoluteSessionTimeoutMiddleware:
    """Sign the user out 12 hours after sign-in, however active they have been.

    The idle timeout (30 minutes) is Django's own session expiry, renewed on
    every request (SESSION_SAVE_EVERY_REQUEST).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if (
                signed_in_at is None
                or time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                messages.info(
                    request, "You have been signed out because your session expired. Sign in again."
                )
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user are never kept by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code != 503 and user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class AllowedMethodsMiddleware:
    """Answer 405 to any method a page does not declare, before sign-in or area checks.

    The portal is server-rendered: only GET, HEAD and POST are ever used. For a
    class-based view the method must also be one the view handles (a GET-only
    page refuses POST; sign-out refuses GET). Function views declare theirs
    with ``require_http_methods`` and its relatives.
    """

    ALLOWED = frozenset({"GET", "HEAD", "POST"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED:
            return HttpResponseNotAllowed(sorted(self.ALLOWED))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if view_class is None:
            return None
        handled = [
            method
            for method in view_class.http_method_names
            if method.upper() in self.ALLOWED
            and (hasattr(view_class, method) or (method == "head" and hasattr(view_class, "get")))
        ]
        if request.method.lower() not in handled:
            return HttpResponseNotAllowed([method.upper() for method in handled])
        return None
