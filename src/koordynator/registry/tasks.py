"""Background jobs of the registry (thin: take ids, do one thing)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import ChangeProposal, Entity


@task()
def send_proposal_decision(proposal_id: int) -> None:
    """Tell the representative whether their proposed profile changes were accepted."""
    proposal = ChangeProposal.objects.select_related("entity", "proposed_by", "decided_by").get(
        pk=proposal_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        changes = [
            (getattr(Entity._meta.get_field(field), "verbose_name", field), value)
            for field, value in proposal.changes.items()
        ]
        context = {"proposal": proposal, "entity": proposal.entity, "changes": changes}
        subject = render_to_string("registry/email/proposal_decided_subject.txt", context).strip()
        body = render_to_string("registry/email/proposal_decided.txt", context)
    send_mail(subject, body, None, [proposal.proposed_by.email])


@task()
def import_check(batch_id: int) -> None:
    """Check every row of an uploaded spreadsheet against the registry; write no entity."""
    from .importing.batches import batch_check  # importing -> services -> this module: late

    batch_check(batch_id)


@task()
def import_run(batch_id: int) -> None:
    """Import the good rows of a checked spreadsheet, in one transaction."""
    from .importing.batches import batch_import

    batch_import(batch_id)
