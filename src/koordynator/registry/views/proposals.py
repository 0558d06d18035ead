"""Self-service of entity profiles: a representative proposes changes to the public profile,
the regional centre approves or rejects them; nothing public changes before approval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koordynator.accounts.rules import require_perm

from .. import selectors, services
from ..enums import ProposalStatus
from ..forms import PUBLIC_PROFILE_FIELDS, DecisionForm, ProposalForm
from ..models import ChangeProposal, Entity
from ..rules import DECIDE_PROPOSAL, LIST_PROPOSALS, PROPOSE_CHANGE

DECISIONS = {"approve": True, "reject": False}


@dataclass(frozen=True)
class FieldChange:
    """One row of a proposal's comparison."""

    field: str
    label: str
    current: Any
    previous: Any
    proposed: Any

    @property
    def changed_since_proposed(self) -> bool:
        """Someone else changed the field after the proposal was made."""
        return self.current != self.previous


def field_label(field: str) -> str:
    try:
        return str(capfirst(Entity._meta.get_field(field).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return field


def field_changes(proposal: ChangeProposal) -> list[FieldChange]:
    """Field by field, in the order of the form: current value, value when proposed, proposed."""
    order = {field: index for index, field in enumerate(PUBLIC_PROFILE_FIELDS)}
    entity = proposal.entity
    return [
        FieldChange(
            field=field,
            label=field_label(field),
            current=getattr(entity, field, None),
            previous=proposal.previous.get(field),
            proposed=proposal.changes[field],
        )
        for field in sorted(proposal.changes, key=lambda f: order.get(f, len(order)))
    ]


def public_profile(entity: Entity) -> list[tuple[str, str, Any]]:
    return [(field, field_label(field), getattr(entity, field)) for field in PUBLIC_PROFILE_FIELDS]


def _normalised(value: Any) -> Any:
    """Browsers send text areas with CRLF line ends; the form strips the ends of text."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def _represented_entity(request: HttpRequest, entity_id: int) -> Entity:
    entity = selectors.entities_represented_by(request.user).filter(pk=entity_id).first()
    if entity is None or not request.user.has_perm(PROPOSE_CHANGE, entity):
        raise Http404
    return entity


# --- The representative's side --------------------------------------------------------------


@login_required
def my_entity(request: HttpRequest) -> HttpResponse:
    """The user's entities: their public profile and what became of their proposals."""
    if not selectors.represented_organisation_ids(request.user):
        raise PermissionDenied
    entities = [
        {
            "entity": entity,
            "profile": public_profile(entity),
            "proposals": [
                {"proposal": proposal, "labels": [field_label(f) for f in proposal.changes]}
                for proposal in entity.proposals.all()
            ],
            "pending": next(
                (p for p in entity.proposals.all() if p.status == ProposalStatus.PENDING), None
            ),
        }
        for entity in selectors.entities_represented_by(request.user)
        if request.user.has_perm(PROPOSE_CHANGE, entity)
    ]
    return render(request, "registry/my_entity.html", {"entities": entities})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, entity_id: int) -> HttpResponse:
    """Propose changes to the public profile; one proposal at a time per entity."""
    entity = _represented_entity(request, entity_id)
    pending = entity.proposals.filter(status=ProposalStatus.PENDING).first()
    if pending is not None:
        if request.method == "POST":
            messages.error(
                request, _("A proposal for this entity is already waiting for a decision.")
            )
            return redirect("registry:proposal_create", entity_id=entity.pk)
        return render(
            request,
            "registry/proposal_form.html",
            {"entity": entity, "pending": pending, "changes": field_changes(pending)},
        )
    initial = {field: getattr(entity, field) for field in PUBLIC_PROFILE_FIELDS}
    # No instance: a ModelForm writes the cleaned values into its instance, and the entity
    # must keep its current values until the proposal is approved.
    form = ProposalForm(request.POST or None, initial=initial)
    for field in form.fields.values():  # some labels come from EntityForm in lower case
        field.label = capfirst(field.label)
    if request.method == "POST" and form.is_valid():
        changes = {
            field: _normalised(form.cleaned_data[field])
            for field in PUBLIC_PROFILE_FIELDS
            if _normalised(form.cleaned_data[field]) != _normalised(initial[field])
        }
        try:
            services.proposal_submit(entity=entity, changes=changes, actor=request.user)
        except services.RegistryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your proposal was sent to the regional centre. The public profile "
                    "will change when it is approved; we will tell you by e-mail."
                ),
            )
            return redirect("registry:my_entity")
    return render(request, "registry/proposal_form.html", {"entity": entity, "form": form})


# --- The regional centre's side -------------------------------------------------------------


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals waiting for the user's decision, oldest first, each with its comparison."""
    require_perm(request, LIST_PROPOSALS)
    proposals = [
        proposal
        for proposal in selectors.pending_proposals_for_staff(request.user).order_by(
            "proposed_at", "pk"
        )
        if request.user.has_perm(DECIDE_PROPOSAL, proposal)
    ]
    page = Paginator(proposals, 20).get_page(request.GET.get("page"))
    rows = [
        {
            "proposal": proposal,
            "changes": field_changes(proposal),
            "form": DecisionForm(auto_id=f"id_p{proposal.pk}_%s"),
        }
        for proposal in page
    ]
    return render(request, "registry/proposal_list.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """One proposal; POST approves or rejects it."""
    proposal = selectors.proposals_for_staff(request.user).filter(pk=proposal_id).first()
    if proposal is None or not request.user.has_perm(DECIDE_PROPOSAL, proposal):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision", "")
        if decision not in DECISIONS:
            form.add_error(None, _("Choose whether to approve or reject the proposal."))
        else:
            try:
                services.proposal_decide(
                    proposal=proposal,
                    approve=DECISIONS[decision],
                    comment=form.cleaned_data["comment"],
                    actor=request.user,
                )
            except services.RegistryError as error:
                messages.error(request, str(error))
                return redirect("registry:proposal_detail", proposal_id=proposal.pk)
            if DECISIONS[decision]:
                message = _(
                    "The changes to %(entity)s were approved and are now public. "
                    "The representative will be told by e-mail."
                )
            else:
                message = _(
                    "The changes to %(entity)s were rejected. "
                    "The representative will be told by e-mail."
                )
            messages.success(request, message % {"entity": proposal.entity.name})
            return redirect("registry:proposal_list")
    return render(
        request,
        "registry/proposal_detail.html",
        {
            "proposal": proposal,
            "changes": field_changes(proposal),
            "form": form if proposal.status == ProposalStatus.PENDING else None,
        },
    )


urlpatterns = [
    path("panel/my-entity/", my_entity, name="my_entity"),
    path("panel/my-entity/<int:entity_id>/propose/", proposal_create, name="proposal_create"),
    path("panel/registry/proposals/", proposal_list, name="proposal_list"),
    path("panel/registry/proposals/<int:proposal_id>/", proposal_detail, name="proposal_detail"),
]
