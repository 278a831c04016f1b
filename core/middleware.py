"""Session lifetime and caching rules for signed-in pages."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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
