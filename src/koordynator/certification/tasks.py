"""Background jobs of the certification cycle (thin: take ids, send one message)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Application, Licence


def _send(template: str, context: dict[str, object], recipients: list[str]) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"certification/email/{template}_subject.txt", context)
        body = render_to_string(f"certification/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, recipients)


def _applicant_addresses(application: Application) -> list[str]:
    creator = application.created_by
    return [creator.email if creator is not None else application.entity.email]


@task()
def send_application_notice(application_id: int) -> None:
    """Tell the applicant where their application stands now."""
    application = Application.objects.select_related("call", "entity", "created_by").get(
        pk=application_id
    )
    _send("application_status", {"application": application}, _applicant_addresses(application))


@task()
def send_expiry_reminder(licence_id: int, days: int) -> None:
    """Remind the holder that a licence ends in `days` days."""
    licence = Licence.objects.select_related(
        "item__application__entity", "item__application__created_by"
    ).get(pk=licence_id)
    application = licence.item.application
    _send(
        "licence_expiring",
        {"licence": licence, "days": days, "application": application},
        _applicant_addresses(application),
    )


@task()
def send_review_reminder(application_id: int, reviewer_email: str) -> None:
    """Remind a board member that their scoring is due."""
    application = Application.objects.select_related("call", "entity").get(pk=application_id)
    _send("review_due", {"application": application}, [reviewer_email])
