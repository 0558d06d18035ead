from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koordynator.accounts.models import User
from koordynator.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for the user with the given e-mail; prints the key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail {email}.")
        _token, key = api_token_issue(user=user, name=name)
        self.stdout.write(key)
