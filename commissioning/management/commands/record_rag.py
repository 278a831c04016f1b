from django.core.management.base import BaseCommand

from commissioning.services import record_quarterly_rag


class Command(BaseCommand):
    help = (
        "Record every action's RAG rating for the current quarter (the history strip on each "
        "action). Schedule it daily or weekly: it keeps one rating per action per quarter."
    )

    def handle(self, *args, **options):
        count = record_quarterly_rag()
        self.stdout.write(f"Recorded the RAG of {count} actions for this quarter.")
