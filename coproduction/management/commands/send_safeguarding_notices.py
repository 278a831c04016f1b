from django.core.management.base import BaseCommand

from coproduction.services import resend_safeguarding_notices


class Command(BaseCommand):
    help = (
        "Email the area admins the safeguarding notices that could not be sent when the "
        "feedback arrived (a mail failure). Schedule it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List them; send nothing")

    def handle(self, *args, dry_run=False, **options):
        references = resend_safeguarding_notices(dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {len(references)} safeguarding notices.")
        for reference in references:
            self.stdout.write(f"  {reference}")
