"""Background jobs of the committee context (thin: take ids, do one thing)."""

from django_tasks import task


@task()
def send_sitting_invitations(sitting_id: int, site_url: str = "") -> int:
    """Invite every current member (and their deputy) to a convened sitting."""
    from .emails import invitation_messages  # emails -> selectors -> models: import late

    messages = invitation_messages(sitting_id, site_url=site_url)
    for message in messages:
        message.send()
    return len(messages)
