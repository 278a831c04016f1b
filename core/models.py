"""Local areas, their partner organisations and boards, people and their roles.

Every other app hangs its data off ``Area`` and reads it through
``AreaScopedQuerySet`` (see core/scoping.py and docs/adr/0003).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

from core.scoping import AreaScopedQuerySet


class Region(models.Model):
    """One of the nine English regions, by ONS code (e.g. E12000006 East of England)."""

    code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^E12\d{6}$", "Enter a region code like E12000006")],
    )
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A local area: a council with its NHS partners. The unit of tenancy."""

    slug = models.SlugField(unique=True, help_text="Used in web addresses, e.g. norfolk")
    name = models.CharField(max_length=100, unique=True)
    la_code = models.CharField(
        "ONS local authority code",
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^E(06|07|08|09|10)\d{6}$", "Enter a code like E10000020")],
    )
    old_la_code = models.CharField(
        "DfE local authority number",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter 3 digits, like 926")],
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="areas")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council (local authority)"
    ICB = "icb", "Integrated care board (ICB)"
    CCG = "ccg", "Clinical commissioning group (CCG, before July 2022)"
    NHS_ENGLAND = "nhs_england", "NHS England"
    NHS_PROVIDER = "nhs_provider", "NHS provider trust"
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent-carer forum"
    YOUTH_FORUM = "youth_forum", "Young people's forum"
    PROVIDER = "provider", "Provider (voluntary or independent)"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A partner organisation of an area: council, ICB or CCG, forum, provider."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    is_active = models.BooleanField(
        default=True, help_text="Clear this for organisations that no longer exist, e.g. CCGs"
    )

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("area", Lower("name"), name="organisation_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class BoardKind(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "SEND partnership or accountability board"
    JOINT_COMMISSIONING_GROUP = "joint_commissioning_group", "Joint commissioning group"
    STEERING_GROUP = "steering_group", "Steering group"
    WORKING_GROUP = "working_group", "Working group"
    TASK_AND_FINISH_GROUP = "task_and_finish_group", "Task and finish group"
    COMMITTEE = "committee", "Council committee"


class Board(models.Model):
    """A board or group that oversees, approves or delivers joint commissioning."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=BoardKind.choices)
    purpose = models.TextField(blank=True)
    accountable_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_groups",
        help_text="The board this group reports to",
    )

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("area", Lower("name"), name="board_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in: staff of a partner organisation or a forum member.

    Signs in with an email address. Holds no data about children.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    BOARD_MEMBER = "board_member", "Board member"
    FORUM_MEMBER = "forum_member", "Forum member"
    AREA_ADMIN = "area_admin", "Area admin"


class RoleAssignment(models.Model):
    """A role a user holds in one area. A user may hold several, in several areas."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="The organisation the person acts for in this role",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="one_role_per_user_area"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} in {self.area}"


class AuditEvent(models.Model):
    """A security-relevant event: sign-in, denial, role change, export, data change.

    Never holds personal data about children; ``detail`` holds ids and field names.
    """

    class Action(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        LOGOUT = "logout", "Signed out"
        ACCESS_DENIED = "access_denied", "Access denied"
        ROLE_GRANTED = "role_granted", "Role granted"
        ROLE_REVOKED = "role_revoked", "Role revoked"
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"
        EXPORTED = "exported", "Exported"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.summary}"


class SubmissionToken(models.Model):
    """A create form's one-time token: the same form posted twice creates one row (R1).

    The form carries a random token; the first post to commit inserts it, and a
    second post of the same form finds it and is sent to what the first created.
    """

    token = models.UUIDField(primary_key=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    object_url = models.CharField(max_length=300, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.token)
