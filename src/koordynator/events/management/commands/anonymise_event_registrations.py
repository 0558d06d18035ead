from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from koordynator.events.services import registrations_anonymise_expired
from koordynator.events.tasks import anonymise_expired_registrations


class Command(BaseCommand):
    help = (
        "Anonymise the registrations of events that ended longer ago than "
        "KOORDYNATOR_EVENT_DATA_RETENTION_DAYS. Run it daily from cron, or with --enqueue "
        "to leave the work to the task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue a background job instead of working now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            anonymise_expired_registrations.enqueue()
            self.stdout.write("Queued.")
            return
        count = registrations_anonymise_expired()
        days = settings.KOORDYNATOR_EVENT_DATA_RETENTION_DAYS
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {count} registration(s) of events that ended more than {days} days ago."
            )
        )
