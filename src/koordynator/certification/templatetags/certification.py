"""Template helpers of the certification pages."""

from django import template

register = template.Library()

# Bootstrap badge classes whose text meets WCAG AA contrast on their background.
_BADGES = {
    "draft": "text-bg-light border",
    "submitted": "text-bg-info",
    "correction_requested": "text-bg-warning",
    "formally_accepted": "text-bg-info",
    "formally_rejected": "text-bg-danger",
    "in_review": "text-bg-info",
    "scored": "text-bg-warning",
    "granted": "text-bg-success",
    "refused": "text-bg-danger",
    "active": "text-bg-success",
    "expiring": "text-bg-warning",
    "expired": "text-bg-secondary",
    "revoked": "text-bg-danger",
}


@register.filter
def badge_class(status: str) -> str:
    return _BADGES.get(str(status), "text-bg-light border")
