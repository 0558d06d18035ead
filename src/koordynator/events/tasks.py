"""Background jobs of events (thin: take ids, do one thing)."""

from django_tasks import task

from .emails import registration_message


@task()
def send_registration_message(registration_id: int, site_url: str = "") -> None:
    """Tell a person the status of their registration, in the language they registered in."""
    message = registration_message(registration_id, site_url=site_url)
    if message is not None:
        message.send()


@task()
def anonymise_expired_registrations() -> int:
    """Anonymise the registrations of events past the retention period."""
    from .services import registrations_anonymise_expired  # services -> this module: late

    return registrations_anonymise_expired()
