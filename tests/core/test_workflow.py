import pytest
from django.db import models

from koordynator.core.workflow import Transition, TransitionNotAllowed, Workflow


class Status(models.TextChoices):
    DRAFT = "draft", "szkic"
    PUBLISHED = "published", "opublikowany"
    ARCHIVED = "archived", "w archiwum"


FLOW = Workflow(
    Status,
    Transition("create", {None}, Status.DRAFT),
    Transition("publish", {Status.DRAFT}, Status.PUBLISHED),
    Transition("withdraw", {Status.PUBLISHED}, Status.DRAFT),
    Transition("archive", {Status.DRAFT, Status.PUBLISHED}, Status.ARCHIVED),
)


def test_allowed_lists_the_named_moves_leaving_a_state_in_table_order():
    assert [t.name for t in FLOW.allowed(Status.DRAFT)] == ["publish", "archive"]
    assert FLOW.targets(Status.PUBLISHED) == {Status.DRAFT, Status.ARCHIVED}
    assert FLOW.allowed(Status.ARCHIVED) == []
    assert FLOW.targets(None) == {Status.DRAFT}


def test_check_refuses_a_move_the_table_does_not_hold_naming_both_states():
    FLOW.check(Status.DRAFT, Status.PUBLISHED)
    with pytest.raises(TransitionNotAllowed) as refused:
        FLOW.check(Status.ARCHIVED, Status.PUBLISHED)
    assert refused.value.errors == {
        "status": "Status „w archiwum” nie może zmienić się na „opublikowany”."
    }


def test_check_takes_the_callers_message_and_field():
    with pytest.raises(TransitionNotAllowed) as refused:
        FLOW.check(None, Status.ARCHIVED, message="%(current)s → %(new)s", field="state")
    assert refused.value.errors == {"state": "nowe → w archiwum"}


def test_check_named_answers_the_target_or_refuses_a_move_from_the_wrong_state():
    assert FLOW.check_named("publish", Status.DRAFT) == Status.PUBLISHED
    # Another move leads from "published" to "draft", but "create" does not start there.
    with pytest.raises(TransitionNotAllowed):
        FLOW.check_named("create", Status.PUBLISHED)
    with pytest.raises(TransitionNotAllowed):
        FLOW.check_named("no-such-move", Status.DRAFT)


def test_two_moves_with_one_name_are_a_programming_error():
    with pytest.raises(ValueError, match="share a name"):
        Workflow(Status, Transition("a", {None}, "x"), Transition("a", {"x"}, "y"))


def test_a_workflow_may_carry_its_own_refusal_and_field_which_a_check_may_override():
    flow = Workflow(
        Status,
        Transition("publish", {Status.DRAFT}, Status.PUBLISHED),
        message="%(current)s ↛ %(new)s",
        field="state",
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        flow.check_named("publish", Status.ARCHIVED)
    assert refused.value.errors == {"state": "w archiwum ↛ opublikowany"}
    with pytest.raises(TransitionNotAllowed) as refused:
        flow.check(Status.ARCHIVED, Status.PUBLISHED, message="Już po wszystkim.", field="status")
    assert refused.value.errors == {"status": "Już po wszystkim."}


def test_refusal_words_a_rule_narrower_than_the_table():
    error = FLOW.refusal(Status.PUBLISHED, Status.ARCHIVED)
    assert isinstance(error, TransitionNotAllowed)
    assert error.errors == {"status": "Status „opublikowany” nie może zmienić się na „w archiwum”."}
