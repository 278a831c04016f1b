"""Record sign-ins, sign-outs and failed sign-ins; stamp the session's start."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.middleware import SIGNED_IN_AT
from core.models import AuditEvent
from core.services import record_event


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()
    record_event(action=AuditEvent.Action.LOGIN, actor=user, summary=f"user {user.pk}")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(action=AuditEvent.Action.LOGOUT, actor=user, summary=f"user {user.pk}")


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never log the password or the address typed: only that it happened.
    record_event(action=AuditEvent.Action.LOGIN_FAILED, summary="sign-in failed")
