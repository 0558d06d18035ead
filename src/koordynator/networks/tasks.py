"""Background jobs of cooperation networks (thin: take ids, do one thing)."""

from django_tasks import task


@task()
def send_meeting_invitations(meeting_id: int, site_url: str = "") -> None:
    """Tell the accounts of a network's members about one of its meetings."""
    from .emails import meeting_invitation  # emails -> selectors -> models: import late

    message = meeting_invitation(meeting_id, site_url=site_url)
    if message is not None:
        message.send()
