"""Background jobs of the local-government context (thin: take ids, do one thing)."""

from django_tasks import task


@task()
def send_survey_reminders(
    survey_id: int, local_government_ids: list[int], site_url: str = ""
) -> None:
    """Remind local governments that their answer to the survey is awaited."""
    from .emails import reminder_messages  # emails -> selectors -> models: import late

    for message in reminder_messages(survey_id, local_government_ids, site_url=site_url):
        message.send()
