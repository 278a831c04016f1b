from django.conf import settings
from django.core.management.base import BaseCommand

from coproduction.services import purge_feedback_contacts


class Command(BaseCommand):
    help = (
        "Delete contact details given with feedback once their retention period has passed "
        "(PORTAL_FEEDBACK_CONTACT_RETENTION_DAYS), and throttling records older than a day. "
        "Schedule it daily. The feedback itself is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        result = purge_feedback_contacts(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        days = settings.FEEDBACK_CONTACT_RETENTION_DAYS
        self.stdout.write(
            f"{verb} the contact details of {result.contacts} feedback items "
            f"(kept {days} days) and {result.attempts} throttling records."
        )
        for slug, count in sorted(result.by_area.items()):
            self.stdout.write(f"  {slug}: {count}")
