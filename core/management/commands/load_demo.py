from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commissioning.demo import DemoDataError, load_plans
from coproduction import demo as coproduction_demo
from core import demo
from core.models import Role
from ehcp import demo as ehcp_demo
from needs import demo as needs_demo


class Command(BaseCommand):
    help = (
        "Load the demo areas, organisations, boards, sign-ins, forward plans, services "
        "feedback from families and DfE's EHC plan statistics "
        "(refused when DEBUG is off)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-statistics",
            dest="statistics",
            action="store_false",
            help="skip importing DfE's statistics (the slow part)",
        )

    def handle(self, *args, statistics=True, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo users: DEBUG is off, so this looks like a real deployment. "
                "Set DJANGO_DEBUG=true only on a local demo."
            )
        counts = demo.load_areas()
        users = demo.load_users(password=settings.DEMO_PASSWORD)
        created = ", ".join(f"{n} {k}" for k, n in counts.created.items()) or "nothing new"
        self.stdout.write(f"Demo data loaded: created {created}; {len(users)} demo sign-ins.")
        try:
            plans = load_plans()
        except DemoDataError as error:
            raise CommandError(f"Demo plans not loaded: {error}") from error
        loaded = ", ".join(f"{n} {kind}" for kind, n in plans.items()) or "nothing"
        self.stdout.write(f"Demo plans and services loaded: {loaded}.")
        try:
            feedback = coproduction_demo.load_feedback()
        except coproduction_demo.DemoDataError as error:
            raise CommandError(f"Demo feedback not loaded: {error}") from error
        loaded = ", ".join(f"{n} {kind}" for kind, n in feedback.items()) or "nothing new"
        self.stdout.write(f"Demo feedback and themes loaded: {loaded}.")
        if statistics:
            self.stdout.write("Importing DfE's EHC plan statistics (two minutes the first time)")
            try:
                for line in needs_demo.load_releases():
                    self.stdout.write(f"  {line}")
            except needs_demo.DemoDataError as error:
                raise CommandError(f"Demo DfE statistics not loaded: {error}") from error
            self.stdout.write("Importing synthetic EHC case data (no real child is in it)")
            try:
                for line in ehcp_demo.load_case_data():
                    self.stdout.write(f"  {line}")
            except ehcp_demo.DemoDataError as error:
                raise CommandError(f"Demo case data not loaded: {error}") from error
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {settings.DEMO_PASSWORD}):")
        for spec in users:
            roles = "; ".join(f"{Role(role).label} in {slug}" for slug, role, _ in spec["roles"])
            self.stdout.write(f"  {spec['email']:<36} {roles}")
