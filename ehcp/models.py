"""Pseudonymised EHC case data of an area, its monthly figures, targets and snapshots.

Imports keep only what the measures need: no names, addresses or postcodes;
the UPN/ULN and the case system's record ids become keyed hashes (HMAC with a
key derived per area from ``PORTAL_PSEUDONYM_KEY``), so a later month's
extract matches the same people and requests without holding their numbers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import Area
from core.scoping import AreaScopedQuerySet
from ehcp.cases import Outcome, Service


class ImportStatus(models.TextChoices):
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class CaseImport(models.Model):
    """One upload of an area's SEN2 person-level extract: what it did, or why not."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="case_imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    #: the day the extract was taken (its latest date unless the user says otherwise)
    extract_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=ImportStatus.choices)
    #: [{"module", "row", "field", "message"}]
    errors = models.JSONField(default=list, blank=True)
    #: {"people": n, "requests": {"added": n, "updated": n, "unchanged": n}, ...}
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class Person(models.Model):
    """A child or young person, known only by a keyed hash of their UPN or ULN."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=64)
    birth_month = models.DateField(null=True, blank=True, help_text="The 1st of the month")
    sex = models.CharField(max_length=1, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "pseudonym"], name="person_unique_pseudonym")
        ]

    def __str__(self) -> str:
        return self.pseudonym[:12]


OUTCOMES = [(o.value, o.name.capitalize()) for o in Outcome]


class CaseRequest(models.Model):
    """A request for an EHC needs assessment and what followed it (one SEN2 request)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="requests")
    #: keyed hash of the case system's requests record id
    record_key = models.CharField(max_length=64)
    received = models.DateField()
    request_outcome = models.CharField(max_length=1, choices=OUTCOMES, default=Outcome.AWAITING)
    request_outcome_date = models.DateField(null=True, blank=True)
    assessment_outcome = models.CharField(max_length=1, choices=OUTCOMES, blank=True)
    assessment_outcome_date = models.DateField(null=True, blank=True)
    exception = models.BooleanField(default=False)
    plan_start = models.DateField(null=True, blank=True)
    plan_ceased = models.DateField(null=True, blank=True)
    cease_reason = models.CharField(max_length=1, blank=True)
    last_review = models.DateField(null=True, blank=True)
    review_meeting = models.DateField(null=True, blank=True)
    primary_need = models.CharField(max_length=4, blank=True)
    first_import = models.ForeignKey(
        CaseImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_import = models.ForeignKey(
        CaseImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: the date of the first extract (the latest imported) that lacked this request; None
    #: while the latest extract holds it. Such a request is kept but not counted open.
    absent_since = models.DateField("not in the extracts since", null=True, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "record_key"], name="request_unique_record")
        ]
        indexes = [models.Index(fields=["area", "received"], name="request_by_area_received")]

    def __str__(self) -> str:
        return f"Request {self.record_key[:12]} received {self.received:%-d %b %Y}"


class Advice(models.Model):
    """Professional advice asked for during an assessment (the local advice module).

    ``area`` repeats the request's area (the importer writes both from one area) so an
    area's advice is read through its own index, whatever other areas hold.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(CaseRequest, on_delete=models.CASCADE, related_name="advice")
    service = models.CharField(max_length=12, choices=[(s.value, s.name) for s in Service])
    requested = models.DateField()
    returned = models.DateField(null=True, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "service", "requested"], name="advice_unique"
            )
        ]
        indexes = [models.Index(fields=["area", "request"], name="advice_by_area_request")]

    def __str__(self) -> str:
        return f"{self.service} advice asked {self.requested}"


class MonthlySnapshot(models.Model):
    """An area's figures for a month, frozen when the month closed.

    History survives a change of case system; a later recalculation that differs
    is shown beside the frozen figures as a correction, never written over them.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The 1st of the month")
    figures = models.JSONField()
    frozen_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        CaseImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "month"]
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="snapshot_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.month:%B %Y}"


class MonthlyFigure(models.Model):
    """A figure entered by hand for a month (``ehcp.monthly.MONTHLY_MEASURES``)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The 1st of the month")
    measure = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=10, decimal_places=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "month", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "month", "measure"], name="monthly_figure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%B %Y}: {self.value}"


class TargetMeasure(models.TextChoices):
    ISSUED_20_WEEKS_EX = (
        "issued_20_weeks_ex",
        ("New EHC plans issued within 20 weeks, excluding exceptions (%)"),
    )
    ISSUED_20_WEEKS = (
        "issued_20_weeks",
        ("New EHC plans issued within 20 weeks, including exceptions (%)"),
    )
    DECISIONS_6_WEEKS = "decisions_6_weeks", "Decisions whether to assess within 6 weeks (%)"
    REVIEWS_4_WEEKS = "reviews_4_weeks", "Annual review decisions within 4 weeks (%)"


class Target(models.Model):
    """A target for a measure by a date; between targets the trajectory is a straight line."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=30, choices=TargetMeasure.choices)
    due = models.DateField("by")
    value = models.DecimalField(max_digits=4, decimal_places=1)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "measure", "due"]
        constraints = [
            models.UniqueConstraint(fields=["area", "measure", "due"], name="target_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.value}% by {self.due:%-d %B %Y}"


class PublishableMeasure(models.TextChoices):
    REQUESTS = "requests", "Requests for an EHC needs assessment received"
    PLANS_ISSUED = "plans_issued", "New EHC plans issued"
    ISSUED_20_WEEKS_EX = (
        "issued_20_weeks_ex",
        ("New EHC plans issued within 20 weeks, excluding exceptions (%)"),
    )
    IN_PROCESS = "in_process", "EHC needs assessments in process at the month's end"
    BACKLOG_AGES = "backlog_ages", "Assessments in process by weeks since the request"


class PublishedMeasure(models.Model):
    """A measure an area has chosen to publish (small numbers suppressed, QUALITY S12)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=30, choices=PublishableMeasure.choices)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(auto_now_add=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["area", "measure"], name="published_measure_unique")
        ]

    def __str__(self) -> str:
        return self.get_measure_display()
