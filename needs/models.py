"""National statistics imported from DfE open data, and an area's local JSNA indicators.

DfE figures are national open data: they belong to no area and are read by
geography (England, a region or a local authority). Each figure keeps the
release and file it came from; a newer release of the same statistic supersedes
an older one without deleting it (``Figure.current``, docs/adr/0009).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import Area
from core.scoping import AreaScopedQuerySet

ENGLAND = "E92000001"


class Level(models.TextChoices):
    NATIONAL = "national", "England"
    REGIONAL = "regional", "Region"
    LOCAL_AUTHORITY = "la", "Local authority"


class Geography(models.Model):
    """England, a region or a local authority, by its ONS code, as DfE files name it."""

    code = models.CharField("ONS code", max_length=9, unique=True)
    level = models.CharField(max_length=8, choices=Level.choices)
    name = models.CharField(max_length=200)
    old_la_code = models.CharField("DfE local authority number", max_length=3, blank=True)
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    #: local authorities that took over this one's area (e.g. Cumbria, split in 2023)
    replaced_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="replaces"
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name_plural = "geographies"

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """One publication of a DfE statistics series, e.g. EHC plans, reporting year 2025."""

    publication = models.CharField(max_length=100, default="education-health-and-care-plans")
    year = models.PositiveSmallIntegerField("reporting year")

    class Meta:
        ordering = ["publication", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "year"], name="release_unique_year")
        ]

    def __str__(self) -> str:
        title = self.publication.replace("-", " ").capitalize()
        return f"{title}, reporting year {self.year}"


#: an unfinished import with no progress for this long has stopped (the 2025 release
#: takes under a minute; its longest single step well under ten)
STALLED_AFTER = timedelta(minutes=15)


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class ImportJob(models.Model):
    """One upload (or command run): its progress, outcome and consistency report."""

    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    #: the uploaded bytes, kept only until the import ends (web and worker share no disk)
    payload = models.BinaryField(null=True, blank=True, editable=False)
    release_year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    #: the last sign of life from the worker (start, each progress step, end)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    stage = models.CharField(max_length=200, blank=True)
    #: errors that stopped the import: [{"file", "row", "column", "message"}]
    errors = models.JSONField(default=list, blank=True)
    #: what was done, file by file: [{"file", "kind", "rows", "figures", "skipped"...}]
    summary = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def stalled(self) -> bool:
        """Unfinished with no sign of life for a while: the worker stopped or never came."""
        last = self.heartbeat_at or self.created_at
        return not self.finished and timezone.now() - last > STALLED_AFTER


class SourceFile(models.Model):
    """One CSV of a release, as imported: where every figure came from."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=50)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    figures = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["release", "name"]
        constraints = [
            models.UniqueConstraint(fields=["release", "sha256"], name="sourcefile_unique_content")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.release})"


class Breakdown(models.Model):
    """A breakdown row of a DfE file, normalised across releases ("Total" = "All EHC plans")."""

    key = models.CharField(max_length=120, unique=True)
    topic = models.CharField(max_length=200)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["topic", "label"]

    def __str__(self) -> str:
        return self.label


class ValueStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    SUPPRESSED = "suppressed", "Suppressed (c)"
    NOT_AVAILABLE = "not_available", "Not available (x)"
    NOT_APPLICABLE = "not_applicable", "Not applicable (z)"


class Figure(models.Model):
    """One published value: a measure, for a geography, a period and a breakdown."""

    measure = models.CharField(max_length=64)
    # No single-column indexes and no database foreign-key constraints: every read
    # names the measure (see Meta), and the importer writes a million rows at a time,
    # each found by a join to the rows it refers to, so PostgreSQL's row-by-row checks
    # at commit would only repeat that (docs/adr/0009). Django still PROTECTs them.
    geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        related_name="figures",
        db_index=False,
        db_constraint=False,
    )
    #: January of this year for snapshots (``202425`` -> 2025); the calendar year for activity
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=6, help_text="As DfE writes it: 202425 or 2024")
    breakdown = models.ForeignKey(
        Breakdown,
        on_delete=models.PROTECT,
        related_name="figures",
        db_index=False,
        db_constraint=False,
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=14, choices=ValueStatus.choices)
    source_file = models.ForeignKey(
        SourceFile,
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    #: from the newest release that has this statistic
    current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "geography", "year", "breakdown"],
                condition=Q(current=True),
                name="figure_one_current",
            ),
        ]
        indexes = [
            models.Index(
                fields=["measure", "year", "breakdown"],
                condition=Q(current=True),
                name="figure_current_by_measure",
            ),
            models.Index(fields=["source_file"], name="figure_by_source_file"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.geography_id} {self.period}: {self.value}"


class ConsistencyIssue(models.Model):
    """Where published parts do not add up to their published whole (never "fixed")."""

    class Kind(models.TextChoices):
        SUPPRESSION = "suppression", "Explained by suppressed or missing cells"
        DISCREPANCY = "discrepancy", "Does not add up"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    file_name = models.CharField(max_length=255)
    measure = models.CharField(max_length=64)
    period = models.CharField(max_length=6)
    #: "topic: label", each at most 200 characters (the importer checks)
    breakdown = models.CharField(max_length=405)
    #: the whole: a region, or England
    parent_code = models.CharField(max_length=9)
    parent_name = models.CharField(max_length=200)
    children = models.CharField(max_length=30, help_text="local authorities or regions")
    # wider than Figure.value: a total of some hundreds of figures, each below 10**10
    parent_total = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    children_total = models.DecimalField(max_digits=20, decimal_places=4)
    unpublished_children = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "file_name", "measure", "period", "parent_code"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.measure} {self.period} {self.parent_code}"

    @property
    def difference(self):
        if self.parent_total is None:
            return None
        return self.parent_total - self.children_total


class StatisticalNeighbour(models.Model):
    """An area's chosen comparator local authorities, in order."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statistical_neighbours")
    geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.LOCAL_AUTHORITY},
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "order", "geography__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "geography"], name="neighbour_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.geography}"


class LocalIndicator(models.Model):
    """A local JSNA indicator a commissioner records, e.g. the register of disabled children."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="local_indicators")
    name = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(
        max_length=20,
        choices=[("count", "Number"), ("percent", "Per cent"), ("rate", "Rate per 10,000")],
        default="count",
    )
    period = models.CharField(
        max_length=40,
        help_text="The time the value covers, e.g. 2024 to 2025 or January 2025",
        validators=[RegexValidator(r"\S", "Enter the period")],
    )
    source = models.CharField(max_length=300, help_text="Who published it, or where it is kept")
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area", "name", "-period"]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"
