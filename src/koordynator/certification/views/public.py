"""Public pages of the "Zakup Prospołeczny" mark: what it is and the open calls with their
rules, the register of certified products and services, and the check of a certificate's
verification code. Nothing here needs a login."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from koordynator.core.http import stored_file_response

from .. import selectors
from ..forms import RegisterForm, VerifyForm
from ..models import Call, Item
from ..rules import APPLY, VIEW_APPLICATION


def about(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    return render(
        request,
        "certification/about.html",
        {
            "calls": selectors.open_calls(region=region),
            "licence_count": len(selectors.register_filter(region=region)),
        },
    )


def rules_file(request: HttpRequest, call_id: int) -> FileResponse:
    call = selectors.calls_visible_to(request.user).filter(pk=call_id).first()
    if call is None or not call.rules_document:
        raise Http404
    return stored_file_response(call.rules_document, f"rules-{call.pk}")


def register(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    form = RegisterForm(request.GET or None, powiats=selectors.register_powiats())
    filters = form.cleaned_data if form.is_valid() else {}
    licences = selectors.register_filter(
        q=filters.get("q", ""),
        category=filters.get("category", ""),
        powiat=filters.get("powiat", ""),
        region=region,
    )
    today = timezone.localdate()
    rows = [(licence, licence.status_on(today)) for licence in licences]
    return render(
        request,
        "certification/register.html",
        {"form": form, "rows": rows, "is_filtered": bool(request.GET)},
    )


def item_photo(request: HttpRequest, item_id: int) -> FileResponse:
    """A product's photo: public once it is in the register, else for those who may see
    its application."""
    found = (
        Item.objects.select_related("application__call", "application__entity")
        .filter(pk=item_id)
        .first()
    )
    if found is None or not found.photo:
        raise Http404
    is_public = selectors.public_licences().filter(item=found).exists()
    if not is_public and not request.user.has_perm(VIEW_APPLICATION, found.application):
        raise Http404
    return FileResponse(found.photo.open("rb"))


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = "".join(form.cleaned_data["code"].split()).upper()
        return redirect("certification:verify_code", code)
    return render(request, "certification/verify.html", {"form": form})


def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    licence = selectors.licence_by_code(code)
    status = licence.status_on(timezone.localdate()) if licence else None
    return render(
        request,
        "certification/verify_result.html",
        {"licence": licence, "status": status, "code": code, "form": VerifyForm()},
        status=200 if licence else 404,
    )


def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call: Call | None = selectors.calls_visible_to(request.user).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return render(
        request,
        "certification/call_detail.html",
        {
            "call": call,
            "is_open": call.is_open_at(timezone.now()),
            "can_apply": request.user.has_perm(APPLY),
        },
    )
