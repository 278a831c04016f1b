"""Writes to areas, organisations, boards and roles. Each runs in one transaction."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.access import AreaAccess
from core.models import AuditEvent, Organisation, Role, RoleAssignment, SubmissionToken, User

audit_log = logging.getLogger("portal.audit")


def record_event(
    *,
    action: str,
    actor=None,
    area=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Write an audit event and the matching line to the ``portal.audit`` log.

    Name the object by ``obj``, or by ``object_type`` and ``object_id`` once deleted.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    if obj is not None:
        object_type, object_id = obj._meta.label, str(obj.pk)
    event = AuditEvent.objects.create(
        action=action,
        actor=actor,
        area=area,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        detail=detail or {},
    )
    audit_log.info(
        "%s actor=%s area=%s object=%s:%s",
        action,
        actor.pk if actor else "-",
        area.slug if area else "-",
        event.object_type or "-",
        event.object_id or "-",
    )
    return event


def _name_taken(model: type[models.Model], *, area, name: str, exclude_pk=None) -> bool:
    qs = model.objects.filter(area=area, name__iexact=name)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def create_named_in_area(model, *, access: AreaAccess, actor, data: dict):
    """Create an organisation or board in the area; the name must be new there."""
    if _name_taken(model, area=access.area, name=data["name"]):
        raise ValidationError({"name": f"{access.area.name} already has one called {data['name']}"})
    try:
        with transaction.atomic():
            obj = model.objects.create(area=access.area, **data)
            record_event(
                action=AuditEvent.Action.CREATED,
                actor=actor,
                area=access.area,
                obj=obj,
                summary=str(obj),
            )
    except IntegrityError as exc:  # a concurrent identical post won the race
        raise ValidationError(
            {"name": f"{access.area.name} already has one called {data['name']}"}
        ) from exc
    return obj


def update_named_in_area(obj, *, actor, data: dict):
    """Save changed fields of an organisation or board (``obj`` may hold unsaved form values)."""
    obj = type(obj).objects.get(pk=obj.pk)
    if _name_taken(type(obj), area=obj.area, name=data["name"], exclude_pk=obj.pk):
        raise ValidationError({"name": f"{obj.area.name} already has one called {data['name']}"})
    changed = {
        name: [str(getattr(obj, name)), str(value)]
        for name, value in data.items()
        if getattr(obj, name) != value
    }
    if not changed:
        return obj
    for name, value in data.items():
        setattr(obj, name, value)
    try:
        with transaction.atomic():
            obj.save(update_fields=list(data))
            record_event(
                action=AuditEvent.Action.UPDATED,
                actor=actor,
                area=obj.area,
                obj=obj,
                summary=str(obj),
                detail={"changed": changed},
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"name": f"{obj.area.name} already has one called {data['name']}"}
        ) from exc
    return obj


@transaction.atomic
def delete_in_area(obj, *, actor) -> None:
    area, label, pk, summary = obj.area, obj._meta.label, obj.pk, str(obj)
    obj.delete()
    record_event(
        action=AuditEvent.Action.DELETED,
        actor=actor,
        area=area,
        object_type=label,
        object_id=str(pk),
        summary=summary,
    )


@transaction.atomic
def grant_role(
    *,
    access: AreaAccess,
    actor,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    organisation: Organisation | None,
    request=None,
) -> tuple[RoleAssignment, bool]:
    """Give a person a role in the area, creating their account if they have none.

    A new account has no usable password: the person is emailed a link to set one.
    Returns the assignment and whether the account was new.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if RoleAssignment.objects.filter(user=user, area=access.area, role=role).exists():
        raise ValidationError(
            {"role": f"{user} is already a {Role(role).label.lower()} in {access.area.name}"}
        )
    assignment = RoleAssignment.objects.create(
        user=user, area=access.area, role=role, organisation=organisation
    )
    record_event(
        action=AuditEvent.Action.ROLE_GRANTED,
        actor=actor,
        area=access.area,
        obj=assignment,
        summary=f"{Role(role).label} for user {user.pk}",
        detail={"user": user.pk, "role": role, "new_account": created},
    )
    if created:
        transaction.on_commit(lambda: _send_set_password_email(user, request))
    return assignment, created


def _send_set_password_email(user: User, request) -> None:
    """Email a new account holder a link to choose a password (the reset-password link).

    Django's PasswordResetForm skips accounts without a usable password, so the
    link is built here with the same token generator.
    """
    context = {
        "user": user,
        "service_name": settings.SERVICE_NAME,
        "domain": request.get_host() if request else settings.ALLOWED_HOSTS[0],
        "protocol": "https" if (request is None or request.is_secure()) else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = f"Your account for the {settings.SERVICE_NAME}"
    body = render_to_string("registration/account_created_email.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def revoke_role(*, access: AreaAccess, actor, assignment: RoleAssignment) -> None:
    """Take a role away. The last area admin of an area cannot be removed."""
    if assignment.role == Role.AREA_ADMIN:
        admins = RoleAssignment.objects.select_for_update().filter(
            area=access.area, role=Role.AREA_ADMIN
        )
        if len(admins) <= 1:
            raise ValidationError(
                f"{access.area.name} needs at least one area admin: "
                "add another before removing this one"
            )
    detail = {"user": assignment.user_id, "role": assignment.role}
    pk = assignment.pk
    assignment.delete()
    record_event(
        action=AuditEvent.Action.ROLE_REVOKED,
        actor=actor,
        area=access.area,
        object_type="core.RoleAssignment",
        object_id=str(pk),
        summary=f"{Role(detail['role']).label} for user {detail['user']}",
        detail=detail,
    )


def claim_submission(*, token, area) -> bool:
    """Claim a create form's one-time token; False when it was already used.

    Must run inside the transaction that creates the row: a concurrent post of
    the same form waits on the unique token until this one commits.
    """
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, area=area)
    except IntegrityError:
        return False
    return True


def record_submission(*, token, url: str) -> None:
    SubmissionToken.objects.filter(token=token).update(object_url=url)


def submission_result(*, token) -> str:
    return SubmissionToken.objects.get(token=token).object_url or "/"
