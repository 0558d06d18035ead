"""Staff pages of the registry: list, detail, create, edit, delete, history and merge.

Every page needs a login and a permission from registry/rules.py; an entity the user may
not see or act on answers 404, like a missing one. Reads go through selectors, writes
through services.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from koordynator.accounts.rules import require_perm
from koordynator.core.api import Conflict
from koordynator.core.forms import error_text
from koordynator.core.widgets import PlainSelect

from .. import selectors, services
from ..enums import EntityKind, LifecycleStatus, LocationSource
from ..forms import ENTITY_FIELDS, EntityForm, MergeForm
from ..models import Entity
from ..rules import (
    ADD_ENTITY,
    ADD_ENTITY_IN_REGION,
    CHANGE_ENTITY,
    DELETE_ENTITY,
    EXPORT_ENTITIES,
    IMPORT_ENTITIES,
    LIST_ENTITIES,
    MERGE_ENTITIES,
    RESTORE_ENTITY_VERSION,
    VIEW_ENTITY,
    VIEW_HISTORY,
    VIEW_INTERNAL_FIELDS,
)

PAGE_SIZE = 50
MERGE_SEARCH_LIMIT = 20


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# --- Forms of these pages only -----------------------------------------------------------------

YES_NO_ANY = [("", gettext_lazy("any")), ("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))]
YES_NO = {"yes": True, "no": False}


class EntityFilterForm(forms.Form):
    """The list's filters, sent by GET; invalid values are ignored, not fatal."""

    q = forms.CharField(
        label=gettext_lazy("Name, place or identifier"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("all kinds")), *EntityKind.choices],
        widget=PlainSelect,
    )
    powiat = forms.ChoiceField(label=gettext_lazy("Powiat"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("every status")), *LifecycleStatus.choices],
        widget=PlainSelect,
    )
    is_social_enterprise = forms.ChoiceField(
        label=gettext_lazy("Social enterprise"),
        required=False,
        choices=YES_NO_ANY,
        widget=PlainSelect,
    )
    has_economic_activity = forms.ChoiceField(
        label=gettext_lazy("Conducts economic activity"),
        required=False,
        choices=YES_NO_ANY,
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, powiats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        powiat = self.fields["powiat"]
        assert isinstance(powiat, forms.ChoiceField)
        powiat.choices = [("", _("all powiats")), *((unit.code, str(unit)) for unit in powiats)]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.entities_filter from the fields that are valid."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            "q": data.get("q") or None,
            "kind": data.get("kind") or None,
            "powiat": data.get("powiat") or None,
            "status": data.get("status") or None,
            "is_social_enterprise": YES_NO.get(data.get("is_social_enterprise") or ""),
            "has_economic_activity": YES_NO.get(data.get("has_economic_activity") or ""),
        }


ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatusGrantForm(forms.Form):
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=100)
    granted_on = forms.DateField(label=gettext_lazy("Granted on"), widget=ISO_DATE)


class StatusLoseForm(forms.Form):
    lost_on = forms.DateField(label=gettext_lazy("Lost on"), widget=ISO_DATE)


# The entity form's fields, grouped; the wide ones take the whole row.
FIELDSETS: list[tuple[Any, list[str]]] = [
    (
        gettext_lazy("Identity"),
        [
            "name",
            "short_name",
            "kind",
            "founder_type",
            "description",
            "offer",
            "offer_tags",
            "sectors",
            "main_pkd",
            "year_founded",
        ],
    ),
    (gettext_lazy("Identifiers"), ["nip", "regon", "krs"]),
    (
        gettext_lazy("Address and location"),
        ["address", "postal_code", "locality", "gmina", "latitude", "longitude"],
    ),
    (gettext_lazy("Contact"), ["email", "phone", "website"]),
    (
        gettext_lazy("Activity and employment"),
        [
            "has_paid_activity",
            "has_economic_activity",
            "employees_total",
            "employees_at_risk",
            "employees_disabled",
            "reintegration_participants",
        ],
    ),
    (gettext_lazy("Support and status"), ["support_centre", "status", "status_since", "is_public"]),
]
WIDE_FIELDS = {"name", "description", "offer", "offer_tags", "sectors", "address", "gmina"}

LOCATION_EXPLAINED = {
    LocationSource.ENTERED: gettext_lazy("The point was entered by hand."),
    LocationSource.PLACE: gettext_lazy(
        "The point is the centre of the locality of the address, from the gazetteer."
    ),
    LocationSource.GMINA: gettext_lazy(
        "Approximate: the locality was not found, so the point is the gmina's main town."
    ),
    LocationSource.POWIAT: gettext_lazy(
        "Approximate: neither the locality nor the gmina was found, so the point is the "
        "powiat's main town."
    ),
}


# --- Helpers -----------------------------------------------------------------------------------


def _entity_for(request: HttpRequest, entity_id: int, perm: str) -> Entity:
    """The entity if the user may see it and holds `perm` on it; otherwise 404."""
    entity = selectors.entity_detail(entity_id, request.user)
    if entity is None or not request.user.has_perm(perm, entity):
        raise Http404
    return entity


def _permissions(user: Any, entity: Entity) -> dict[str, bool]:
    return {
        name: user.has_perm(perm, entity)
        for name, perm in (
            ("list", LIST_ENTITIES),
            ("internal", VIEW_INTERNAL_FIELDS),
            ("change", CHANGE_ENTITY),
            ("delete", DELETE_ENTITY),
            ("merge", MERGE_ENTITIES),
            ("history", VIEW_HISTORY),
            ("restore", RESTORE_ENTITY_VERSION),
        )
    }


def _display(field_name: str, value: Any) -> str:
    """A value of an entity field as people read it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = Entity._meta.get_field(field_name)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))  # type: ignore[union-attr]
    if isinstance(value, date | int | float | Decimal):
        return str(formats.localize(value))
    return str(value)


def _label(field_name: str) -> str:
    return capfirst(str(Entity._meta.get_field(field_name).verbose_name))  # type: ignore[union-attr]


def _detail_url(entity: Entity | int) -> str:
    entity_id = entity.pk if isinstance(entity, Model) else entity
    return reverse("registry:entity_detail", args=[entity_id])


def _prepare_entity_form(form: EntityForm, user: Any, entity: Entity | None = None) -> None:
    """Shape EntityForm for the page (the validation stays the form's own)."""
    form.required_css_class = "required"  # type: ignore[attr-defined]  # marks required labels
    gmina_field = form.fields["gmina"]
    assert isinstance(gmina_field, forms.ModelChoiceField)
    # A choice of the gminas of the user's regions, grouped by powiat. The field still
    # accepts any gmina, so one outside the user's regions gets a clear error.
    groups: dict[str, list[tuple[str, str]]] = {}
    gminas = list(selectors.gminas_for_staff(user))
    if entity is not None and entity.gmina not in gminas:
        gminas.insert(0, entity.gmina)
    for unit in gminas:
        group = str(unit.parent) if unit.parent else ""
        groups.setdefault(group, []).append((unit.code, gmina_field.label_from_instance(unit)))
    gmina_field.widget = forms.Select(
        choices=[("", _("— choose the gmina —")), *groups.items()],
        attrs={"autocomplete": "off"},
    )
    status_since = form.fields["status_since"].widget
    assert isinstance(status_since, forms.DateInput)
    status_since.format = "%Y-%m-%d"  # a date input needs ISO dates, whatever the language
    form.fields["latitude"].help_text = _(
        "Leave latitude and longitude empty to place the entity at its locality or gmina."
    )
    form.fields["main_pkd"].help_text = _("For example 88.99.Z.")
    for field in form.fields.values():
        field.label = capfirst(field.label)  # the form's own labels start in lower case


def _fieldsets(form: EntityForm) -> list[dict[str, Any]]:
    placed: set[str] = set()
    groups = []
    for legend, names in FIELDSETS:
        fields = [(form[name], name in WIDE_FIELDS) for name in names if name in form.fields]
        placed.update(names)
        groups.append({"legend": legend, "fields": fields})
    rest = [(form[name], False) for name in form.fields if name not in placed]
    if rest:
        groups.append({"legend": _("Other"), "fields": rest})
    return groups


def _render_form(
    request: HttpRequest, form: EntityForm, *, entity: Entity | None, title: str
) -> HttpResponse:
    return render(
        request,
        "registry/entity_form.html",
        {"form": form, "fieldsets": _fieldsets(form), "entity": entity, "title": title},
    )


# --- Pages -------------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def entity_list(request: HtmxHttpRequest) -> HttpResponse:
    require_perm(request, LIST_ENTITIES)
    form = EntityFilterForm(request.GET, powiats=selectors.powiats_for_staff(request.user))
    form.is_valid()
    filters = form.filters()
    q = filters.pop("q")
    entities = selectors.entities_filter(selectors.entities_for_staff(request.user), **filters)
    page = Paginator(selectors.entity_rows(entities, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "can_add": request.user.has_perm(ADD_ENTITY),
        "can_import": request.user.has_perm(IMPORT_ENTITIES),
        "can_export": request.user.has_perm(EXPORT_ENTITIES),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "registry/_entity_results.html", {**context, "swap_count": True})
    return render(request, "registry/entity_list.html", context)


def _render_detail(
    request: HttpRequest,
    entity: Entity,
    *,
    grant_form: StatusGrantForm | None = None,
    lose_form: StatusLoseForm | None = None,
) -> HttpResponse:
    statuses = list(entity.social_enterprise_statuses.all())
    return render(
        request,
        "registry/entity_detail.html",
        {
            "entity": entity,
            "can": _permissions(request.user, entity),
            "statuses": statuses,
            "holds_status": any(status.lost_on is None for status in statuses),
            "grant_form": grant_form or StatusGrantForm(prefix="grant"),
            "lose_form": lose_form or StatusLoseForm(prefix="lose"),
            "location_explained": LOCATION_EXPLAINED.get(entity.location_source),  # type: ignore[call-overload]
        },
    )


@login_required
def entity_detail(request: HttpRequest, entity_id: int) -> HttpResponse:
    return _render_detail(request, _entity_for(request, entity_id, VIEW_ENTITY))


@login_required
@require_POST
def entity_status_grant(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, CHANGE_ENTITY)
    form = StatusGrantForm(request.POST, prefix="grant")
    if form.is_valid():
        try:
            services.social_enterprise_status_grant(
                entity=entity,
                decision_number=form.cleaned_data["decision_number"],
                granted_on=form.cleaned_data["granted_on"],
                actor=request.user,
            )
        except services.RegistryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Social enterprise status was recorded."))
            return redirect(_detail_url(entity) + "#social-enterprise")
    return _render_detail(request, entity, grant_form=form)


@login_required
@require_POST
def entity_status_lose(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, CHANGE_ENTITY)
    form = StatusLoseForm(request.POST, prefix="lose")
    if form.is_valid():
        try:
            services.social_enterprise_status_lose(
                entity=entity, lost_on=form.cleaned_data["lost_on"], actor=request.user
            )
        except services.RegistryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The loss of social enterprise status was recorded."))
            return redirect(_detail_url(entity) + "#social-enterprise")
    return _render_detail(request, entity, lose_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def entity_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, ADD_ENTITY)
    form = EntityForm(request.POST if request.method == "POST" else None)
    _prepare_entity_form(form, request.user)
    if form.is_bound and form.is_valid():
        region = services.region_of_gmina(form.cleaned_data["gmina"])
        if request.user.has_perm(ADD_ENTITY_IN_REGION, region):
            entity = services.entity_create(data=form.cleaned_data, actor=request.user)
            messages.success(request, _("The entity “%(name)s” was added.") % {"name": entity.name})
            return redirect(_detail_url(entity))
        form.add_error("gmina", _("You may add entities only in your own region."))
    return _render_form(request, form, entity=None, title=_("Add an entity"))


@login_required
@require_http_methods(["GET", "POST"])
def entity_edit(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, CHANGE_ENTITY)
    # Validation writes the typed values onto the instance; keep what the page shows.
    title = _("Edit: %(name)s") % {"name": entity.name}
    gmina_id = entity.gmina_id
    form = EntityForm(request.POST if request.method == "POST" else None, instance=entity)
    _prepare_entity_form(form, request.user, entity)
    if form.is_bound and form.is_valid():
        gmina = form.cleaned_data["gmina"]
        if gmina.pk != gmina_id and not request.user.has_perm(
            ADD_ENTITY_IN_REGION, services.region_of_gmina(gmina)
        ):
            form.add_error("gmina", _("You may move entities only within your own region."))
        else:
            entity = services.entity_update(
                entity=entity, data=form.cleaned_data, actor=request.user
            )
            messages.success(
                request, _("The changes to “%(name)s” were saved.") % {"name": entity.name}
            )
            return redirect(_detail_url(entity))
    return _render_form(request, form, entity=entity, title=title)


@login_required
@require_http_methods(["GET", "POST"])
def entity_delete(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, DELETE_ENTITY)
    if request.method == "POST":
        name = entity.name
        try:
            services.entity_delete(entity=entity, actor=request.user)
        except Conflict as error:
            messages.error(request, error_text(error))
            return redirect(_detail_url(entity))
        messages.success(request, _("The entity “%(name)s” was deleted.") % {"name": name})
        return redirect("registry:entity_list")
    return render(request, "registry/entity_delete.html", {"entity": entity})


HISTORY_TYPES = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


def _version_changes(version: Any, previous: Any) -> list[dict[str, str]]:
    if previous is None:
        return []
    delta = version.diff_against(previous, foreign_keys_are_objs=True)
    changes = [(change.field, change.old, change.new) for change in delta.changes]
    # Not editable, so diff_against leaves it out; the status decisions keep it.
    if version.is_social_enterprise != previous.is_social_enterprise:
        changes.append(
            ("is_social_enterprise", previous.is_social_enterprise, version.is_social_enterprise)
        )
    return [
        {"label": _label(field), "old": _display(field, old), "new": _display(field, new)}
        for field, old, new in changes
    ]


@login_required
def entity_history(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, VIEW_HISTORY)
    versions = list(entity.history.select_related("history_user"))  # newest first
    rows = [
        {
            "version": version,
            "symbol": version.history_type,
            "type": HISTORY_TYPES.get(version.history_type, version.history_type),
            "changes": _version_changes(
                version, versions[index + 1] if index + 1 < len(versions) else None
            ),
            "is_current": index == 0,
        }
        for index, version in enumerate(versions)
    ]
    return render(
        request,
        "registry/entity_history.html",
        {"entity": entity, "rows": rows, "can": _permissions(request.user, entity)},
    )


@login_required
@require_POST
def entity_restore(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, RESTORE_ENTITY_VERSION)
    try:
        history_id = int(request.POST.get("version", ""))
    except ValueError:
        raise Http404 from None
    try:
        services.entity_restore_version(entity=entity, history_id=history_id, actor=request.user)
    except services.RegistryError as error:
        messages.error(request, str(error))
    except IntegrityError:
        messages.error(
            request,
            _(
                "This version cannot be restored: one of its identifiers now belongs "
                "to another entity."
            ),
        )
    else:
        messages.success(request, _("The earlier version was restored."))
        return redirect(_detail_url(entity))
    return redirect("registry:entity_history", entity_id=entity.pk)


def _comparison(survivor: Entity, duplicate: Entity) -> list[dict[str, Any]]:
    rows = []
    for field in ENTITY_FIELDS:
        mine, theirs = getattr(survivor, field), getattr(duplicate, field)
        rows.append(
            {
                "label": _label(field),
                "survivor": _display(field, mine),
                "duplicate": _display(field, theirs),
                "filled": mine in ("", None) and theirs not in ("", None),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def entity_merge(request: HttpRequest, entity_id: int) -> HttpResponse:
    """Pick a duplicate (GET), compare the two side by side (GET), merge (POST)."""
    entity = _entity_for(request, entity_id, MERGE_ENTITIES)
    visible = selectors.entities_for_staff(request.user).select_related("gmina")
    data = request.POST if request.method == "POST" else request.GET
    form = None
    if request.method == "POST" or "duplicate" in request.GET:
        form = MergeForm(data, survivor=entity, candidates=visible)
        if form.is_valid():
            duplicate = form.cleaned_data["duplicate"]
            if not request.user.has_perm(MERGE_ENTITIES, duplicate):
                form.add_error("duplicate", _("You may not merge this entity."))
            elif request.method == "POST":
                try:
                    survivor = services.entity_merge(
                        survivor=entity, duplicate=duplicate, actor=request.user
                    )
                except services.RegistryError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("“%(duplicate)s” was merged into this entity.")
                        % {"duplicate": duplicate.name},
                    )
                    return redirect(_detail_url(survivor))
            if not form.errors:
                return render(
                    request,
                    "registry/entity_merge_confirm.html",
                    {
                        "entity": entity,
                        "duplicate": duplicate,
                        "form": form,
                        "rows": _comparison(entity, duplicate),
                        "moving": {
                            "statuses": duplicate.social_enterprise_statuses.count(),
                            "proposals": duplicate.proposals.count(),
                        },
                    },
                )
    # The choice: possible duplicates, and what the search found.
    q = (request.GET.get("q") or "").strip()[:200]
    candidate_ids = set(selectors.duplicate_candidates(entity).values_list("pk", flat=True))
    found_ids: list[int] = []
    if q:
        found_ids = list(
            selectors.entities_filter(visible, q=q)
            .exclude(pk=entity.pk)
            .order_by("name", "id")
            .values_list("pk", flat=True)[:MERGE_SEARCH_LIMIT]
        )
    shown = visible.filter(pk__in=candidate_ids | set(found_ids)).order_by("name", "id")
    if form is None:
        form = MergeForm(survivor=entity, candidates=shown)

    def label(other: Entity) -> str:
        details = [f"NIP {other.nip}" if other.nip else "", other.gmina.name]
        text = f"{other.name} ({', '.join(d for d in details if d)})"
        if other.pk in candidate_ids:
            text += " – " + _("possible duplicate")
        return text

    duplicate_field = form.fields["duplicate"]
    assert isinstance(duplicate_field, forms.ModelChoiceField)
    duplicate_field.label_from_instance = label  # type: ignore[method-assign,assignment]
    duplicate_field.empty_label = None  # a radio for "none" would only invite an error
    duplicate_field.widget = forms.RadioSelect()
    duplicate_field.queryset = shown.exclude(pk=entity.pk)  # also gives the radios their choices
    return render(
        request,
        "registry/entity_merge.html",
        {
            "entity": entity,
            "form": form,
            "q": q,
            "has_choices": shown.exclude(pk=entity.pk).exists(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("panel/registry/", entity_list, name="entity_list"),
    path("panel/registry/new/", entity_create, name="entity_create"),
    path("panel/registry/<int:entity_id>/", entity_detail, name="entity_detail"),
    path("panel/registry/<int:entity_id>/edit/", entity_edit, name="entity_edit"),
    path("panel/registry/<int:entity_id>/delete/", entity_delete, name="entity_delete"),
    path("panel/registry/<int:entity_id>/history/", entity_history, name="entity_history"),
    path(
        "panel/registry/<int:entity_id>/history/restore/",
        entity_restore,
        name="entity_restore",
    ),
    path("panel/registry/<int:entity_id>/merge/", entity_merge, name="entity_merge"),
    path(
        "panel/registry/<int:entity_id>/social-enterprise/grant/",
        entity_status_grant,
        name="entity_status_grant",
    ),
    path(
        "panel/registry/<int:entity_id>/social-enterprise/lose/",
        entity_status_lose,
        name="entity_status_lose",
    ),
]
