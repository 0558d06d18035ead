from typing import Any

from django.core.management.base import BaseCommand

from koordynator.certification import services


class Command(BaseCommand):
    help = (
        "Send the day's reminders: licence holders 60, 30 and 7 days before the end, "
        "reviewers before the scoring deadline. Run it daily (cron); it sends each once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        licences = services.licences_remind()
        reviews = services.reviewers_remind()
        self.stdout.write(f"licence reminders: {licences}, review reminders: {reviews}")
