from typing import Any

from django.core.management.base import BaseCommand

from koordynator.support import services


class Command(BaseCommand):
    help = (
        "Expire the accreditations past their end, and remind the region's coordinators and "
        "the centre's staff 90 and 30 days before an accreditation ends. Run it daily (cron); "
        "it sends each reminder once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = services.accreditations_expire()
        reminders = services.accreditations_remind()
        self.stdout.write(f"accreditations expired: {expired}, reminders: {reminders}")
