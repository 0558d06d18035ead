"""One shape for every workflow: a table of named moves between states, one check, one error.

A context declares its table once, in `enums.py`::

    POST_WORKFLOW = Workflow(
        PostStatus,
        Transition("publish", {PostStatus.DRAFT}, PostStatus.PUBLISHED),
        Transition("withdraw", {PostStatus.PUBLISHED}, PostStatus.DRAFT),
    )

and its services change a status only through `Workflow.move` (or `check` when the row is
written otherwise, e.g. created): a move the table does not allow raises
`TransitionNotAllowed` before anything is written; pages show its message and the API
answers 409 (`core.api.install_problem_handlers`). `None` as a source stands for a record
that does not exist yet, so a table also says in which states a record may be created.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .actors import Actor
from .api import TransitionNotAllowed
from .audit import audit_log

__all__ = ["Transition", "TransitionNotAllowed", "Workflow"]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str | None]
    target: str

    def __init__(self, name: str, sources: Iterable[str | None], target: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)


class Workflow:
    """The moves of one status field; `states` (a TextChoices class) labels the messages.

    `message` is the workflow's own refusal (it may name ``%(current)s`` and ``%(new)s``),
    `field` the error's key; a check may still give its own."""

    def __init__(
        self,
        states: type[models.TextChoices],
        *transitions: Transition,
        message: str | Promise | None = None,
        field: str = "status",
    ) -> None:
        self.states = states
        self.message = message
        self.field = field
        self.transitions: Mapping[str, Transition] = {t.name: t for t in transitions}
        if len(self.transitions) != len(transitions):
            raise ValueError("Two transitions of one workflow share a name.")

    def __contains__(self, name: object) -> bool:
        return name in self.transitions

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def allowed(self, current: str | None) -> list[Transition]:
        """The named moves that may leave `current`, in the table's order."""
        return [t for t in self.transitions.values() if current in t.sources]

    def targets(self, current: str | None) -> frozenset[str]:
        return frozenset(t.target for t in self.allowed(current))

    def label(self, state: str | None) -> str:
        return str(self.states(state).label) if state else _("new")

    def check(
        self,
        current: str | None,
        target: str,
        *,
        message: str | None = None,
        field: str | None = None,
    ) -> None:
        """Refuse a change from `current` to `target` that no transition allows.

        `message` may name ``%(current)s`` and ``%(new)s`` (the states' labels)."""
        if target not in self.targets(current):
            raise self.refusal(current, target, message=message, field=field)

    def refusal(
        self,
        current: str | None,
        target: str,
        *,
        message: str | None = None,
        field: str | None = None,
    ) -> TransitionNotAllowed:
        """The error that refuses `current` → `target`, for a rule narrower than the table
        (e.g. only a pending registration is approved, though a waiting one is confirmed)."""
        template = (
            message or self.message or _("The status “%(current)s” cannot change to “%(new)s”.")
        )
        text = str(template) % {"current": self.label(current), "new": self.label(target)}
        return TransitionNotAllowed({field or self.field: text})

    def check_named(
        self,
        name: str,
        current: str | None,
        *,
        message: str | None = None,
        field: str | None = None,
    ) -> str:
        """The target of the named move, or `TransitionNotAllowed` if `current` forbids it
        (or no move has that name)."""
        transition = self.transitions.get(name)
        if transition is None:
            refusal = _("There is no such change of status.")
            raise TransitionNotAllowed({field or self.field: refusal})
        if current not in transition.sources:
            raise self.refusal(current, transition.target, message=message, field=field)
        return transition.target

    def move(
        self,
        record: models.Model,
        target: str,
        *,
        actor: Actor,
        action: str,
        region_code: str = "",
        changes: Mapping[str, Any] | None = None,
        update_fields: Iterable[str] | None = (),
        field: str = "status",
        message: str | None = None,
    ) -> str | None:
        """Check the move, save the new state (with `update_fields`, already set on the
        record; all fields when None) and write the audit entry; returns the state the
        record left. A record not saved yet starts from `None` and is saved whole."""
        before = None if record._state.adding else getattr(record, field)
        self.check(before, target, message=message)
        setattr(record, field, target)
        if before is None or update_fields is None:
            record.save()
        else:
            record.save(update_fields=[field, *update_fields])
        audit_log(
            actor=actor,
            action=action,
            target=record,
            region_code=region_code,
            changes={field: [before, target], **(changes or {})},
        )
        return None if before is None else str(before)
