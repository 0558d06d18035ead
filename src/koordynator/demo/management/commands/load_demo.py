from typing import Any

from django.core.management.base import BaseCommand

from koordynator.demo.data import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create the demo region (lubelskie) with one login per role. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for login in logins:
            self.stdout.write(f"  {login.email:<26} {login.role}")
