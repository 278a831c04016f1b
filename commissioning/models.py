"""Forward plans and their priorities, actions, measures and updates; the services register.

Every row is reached through its area (``AreaScopedQuerySet``); changes to plan
content are recorded by django-pghistory triggers (docs/adr/0007).
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from commissioning.rag import quarter_label
from core.models import Area, Board, Organisation
from core.scoping import AreaScopedQuerySet


def track_changes(model):
    """Record every insert, update and delete of ``model``, with who and where (pghistory)."""
    trackers = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
    return pghistory.track(*trackers)(model)


MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class CycleStage(models.TextChoices):
    UNDERSTAND = "understand", "Joint understanding"
    PLAN = "plan", "Joint planning"
    DELIVER = "deliver", "Joint delivery"
    REVIEW = "review", "Joint review"


class OutcomeFramework(models.Model):
    """An area's outcomes framework, e.g. Norfolk's FLOURISH."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="outcome_frameworks")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="framework_name_unique_in_area")
        ]

    def __str__(self) -> str:
        return self.name


class OutcomeAreaQuerySet(AreaScopedQuerySet):
    area_field = "framework__area"


class OutcomeArea(models.Model):
    """One outcome of a framework, e.g. "F: Family and friends"."""

    framework = models.ForeignKey(
        OutcomeFramework, on_delete=models.CASCADE, related_name="outcome_areas"
    )
    code = models.CharField(max_length=10, blank=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = OutcomeAreaQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "order", "name"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}" if self.code else self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class ForwardPlanQuerySet(AreaScopedQuerySet):
    def for_access(self, access):
        rows = super().for_access(access)
        if not access.is_member:  # the public reads approved plans only
            rows = rows.filter(status=PlanStatus.APPROVED)
        return rows


@track_changes
class ForwardPlan(models.Model):
    """A joint commissioning forward plan for a period, e.g. Norfolk 2020-2022."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="forward_plans")
    title = models.CharField(max_length=200)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = models.TextField(blank=True)
    outcome_framework = models.ForeignKey(
        OutcomeFramework, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ForwardPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanChildQuerySet(AreaScopedQuerySet):
    """Rows that belong to a plan: the public sees them only in approved plans."""

    area_field = "plan__area"
    plan_field = "plan"

    def for_access(self, access):
        rows = super().for_access(access)
        if not access.is_member:
            rows = rows.filter(**{f"{self.plan_field}__status": PlanStatus.APPROVED})
        return rows


class PriorityQuerySet(PlanChildQuerySet):
    pass


@track_changes
class Priority(models.Model):
    plan = models.ForeignKey(ForwardPlan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=300)
    why = models.TextField("Why it is a priority", blank=True)
    outcome_areas = models.ManyToManyField(OutcomeArea, blank=True, related_name="priorities")
    cycle_stage = models.CharField(
        "Joint commissioning cycle stage", max_length=12, choices=CycleStage.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="priority_number_unique_in_plan",
                deferrable=models.Deferrable.DEFERRED,  # renumbering swaps numbers
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PriorityChildQuerySet(PlanChildQuerySet):
    area_field = "priority__plan__area"
    plan_field = "priority__plan"


class Lead(models.Model):
    """A named lead for a priority (staff, never a child)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="leads")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PriorityChildQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


@track_changes
class SuccessMeasure(models.Model):
    """'How we will know': a measure with an optional target and a figure to watch."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField()
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    current_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True, help_text="For example: %, weeks, £")
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    target_date = models.DateField(null=True, blank=True)
    figure = models.CharField(
        "Figure the portal computes",
        max_length=60,
        blank=True,
        help_text="When set, the current value comes from the portal's own figures",
    )

    objects = PriorityChildQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    SOME_DISRUPTION = "some_disruption", "Some disruption"
    MAJOR_DISRUPTION = "major_disruption", "Major disruption"
    COMPLETED = "completed", "Completed"


@track_changes
class Action(models.Model):
    """'What we need to do': an action of a priority, with its owner, dates and RAG."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    title = models.TextField("What we need to do")
    owner = models.CharField(max_length=150, blank=True)
    starts_on = models.DateField("Start date", null=True, blank=True)
    due_on = models.DateField("Due date", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        "Progress (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    rag_override = models.CharField(
        "RAG set by the owner", max_length=5, choices=Rag.choices, blank=True
    )
    rag_override_reason = models.TextField("Reason for the RAG", blank=True)
    measure = models.ForeignKey(
        SuccessMeasure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The success measure this action moves, if any",
    )
    responsible_group = models.ForeignKey(
        Board, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PriorityChildQuerySet.as_manager()

    class Meta:
        ordering = ["priority__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(due_on__gte=models.F("starts_on")),
                name="action_due_after_start",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_max_100"),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""),
                name="action_rag_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class ActionChildQuerySet(PlanChildQuerySet):
    area_field = "action__priority__plan__area"
    plan_field = "action__priority__plan"


class RagSnapshot(models.Model):
    """The RAG an action had in a quarter: the history strip on the action's page."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rag_history")
    quarter_start = models.DateField()
    rag = models.CharField(max_length=5, choices=Rag.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ActionChildQuerySet.as_manager()

    class Meta:
        ordering = ["action", "quarter_start"]
        constraints = [
            models.UniqueConstraint(fields=["action", "quarter_start"], name="one_rag_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} in {self.quarter_label}"

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter_start)


@track_changes
class DeliveryUpdate(models.Model):
    """A dated update on an action, with the evidence of what was achieved."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField("Date")
    update = models.TextField()
    evidence = models.TextField("Evidence of achievement", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responsible_group = models.ForeignKey(
        Board, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionChildQuerySet.as_manager()

    class Meta:
        ordering = ["action", "-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.written_on:%d %B %Y}: {self.update[:60]}"


class Commissioner(models.TextChoices):
    NHS_ENGLAND = "nhs_england", "NHS England"
    ICB = "icb", "ICB or CCG"
    COUNCIL = "council", "Council"
    JOINT = "joint", "Joint"


class Arrangement(models.TextChoices):
    SINGLE_AGENCY = "single_agency", "Single agency"
    JOINT_PLANNING = "joint_planning", "Joint planning and strategy"
    JOINT_INVESTMENT = "joint_investment", "Joint investment"
    SECTION_75 = "section_75", "Section 75 pooled budget"

    @classmethod
    def joint(cls) -> list[str]:
        return [cls.JOINT_PLANNING, cls.JOINT_INVESTMENT, cls.SECTION_75]


@track_changes
class Service(models.Model):
    """A commissioned service in the area's register."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    commissioner = models.CharField(max_length=12, choices=Commissioner.choices)
    arrangement = models.CharField(max_length=20, choices=Arrangement.choices)
    age_from = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(25)], help_text="Youngest age served"
    )
    age_to = models.PositiveSmallIntegerField(
        default=25, validators=[MaxValueValidator(25)], help_text="Oldest age served"
    )
    needs_served = models.TextField(blank=True)
    contract_starts_on = models.DateField("Contract start", null=True, blank=True)
    contract_ends_on = models.DateField("Contract end", null=True, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    priorities = models.ManyToManyField(Priority, blank=True, related_name="services")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["arrangement", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_to__gte=models.F("age_from")), name="ages_in_order"
            ),
            models.CheckConstraint(
                condition=Q(contract_ends_on__isnull=True)
                | Q(contract_starts_on__isnull=True)
                | Q(contract_ends_on__gte=models.F("contract_starts_on")),
                name="contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceChildQuerySet(AreaScopedQuerySet):
    area_field = "service__area"


@track_changes
class ServiceFunding(models.Model):
    """What one partner puts into a service each year, in pounds."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    annual_value = models.DecimalField("Annual value (£)", **MONEY)

    objects = ServiceChildQuerySet.as_manager()

    class Meta:
        ordering = ["service", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "organisation"], name="one_funding_row_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"£{self.annual_value:,.2f} a year from {self.organisation}"


class PlanVersion(models.Model):
    """A version of a plan approved by a board: frozen as a snapshot of its content."""

    plan = models.ForeignKey(ForwardPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    approved_by_board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.approved_on:%d %B %Y})"
