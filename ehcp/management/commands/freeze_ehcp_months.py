"""Freeze every closed month's EHCP figures not yet frozen (schedule daily)."""

from django.core.management.base import BaseCommand, CommandError

from core.models import Area
from ehcp.snapshots import freeze_closed_months


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--area", help="one area's slug (default: every active area)")

    def handle(self, *args, area=None, **options):
        areas = Area.objects.filter(is_active=True)
        if area:
            areas = areas.filter(slug=area)
            if not areas:
                raise CommandError(f"No active area {area!r}")
        for each in areas:
            months = freeze_closed_months(each)
            if months:
                self.stdout.write(
                    f"{each.name}: froze {len(months)} months, "
                    f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
                )
            else:
                self.stdout.write(f"{each.name}: nothing new to freeze")
