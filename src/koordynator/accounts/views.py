from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from . import selectors, services
from .enums import Role
from .forms import TokenIssueForm
from .http import AuthenticatedRequest
from .models import ApiToken
from .rules import LIST_ORGANISATIONS


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": selectors.memberships_of(request.user),
            "is_entity_representative": Role.ENTITY_REPRESENTATIVE
            in selectors.roles_of(request.user),
        },
    )


@login_required
@never_cache
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own page: API tokens and security settings."""
    new_key = None
    form = TokenIssueForm()
    if request.method == "POST":
        form = TokenIssueForm(request.POST)
        if form.is_valid():
            _token, new_key = services.api_token_issue(
                user=request.user,
                name=form.cleaned_data["name"],
                actor=request.user,
            )
            form = TokenIssueForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": selectors.api_tokens_of(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user_id=request.user.pk or 0).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")


@permission_required(LIST_ORGANISATIONS, raise_exception=True)
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_visible_to(request.user).order_by("name")
    region_slug = request.GET.get("in", "")
    if region_slug:
        organisations = organisations.filter(region__slug=region_slug)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": page,
            "regions": selectors.regions_for_staff(request.user),
            "region_slug": region_slug,
        },
    )
