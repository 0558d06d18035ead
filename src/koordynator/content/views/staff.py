"""Staff pages: the region's posts, the post form with its gallery and attachments, the
status actions, a preview, and the fixed pages.

Every page needs a login and a permission from content/rules.py; a post the user may not
edit answers 404, like a missing one. Reads go through selectors, writes through services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.accounts.rules import require_perm
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.territory.models import Region

from .. import selectors, services
from ..enums import PageSlug
from ..forms import (
    DocumentForm,
    ImageEditForm,
    ImageForm,
    PageForm,
    PostFilterForm,
    PostForm,
    ScheduleForm,
)
from ..models import Post
from ..rules import (
    ADD_POST_IN_REGION,
    CHANGE_PAGE_IN_REGION,
    CHANGE_POST,
    DELETE_POST,
    LIST_PAGES,
    LIST_POSTS,
    PUBLISH_POST,
)
from .public import render_post

STAFF_PAGE_SIZE = 25
PLATFORM = "platform"


def _post_for(request: HttpRequest, post_id: int, perm: str = CHANGE_POST) -> Post:
    post = selectors.post_for_staff(request.user, post_id)
    if post is None or not request.user.has_perm(perm, post):
        raise Http404
    return post


def _edit_url(post: Post, anchor: str = "") -> str:
    return reverse("content:staff_post_edit", args=[post.pk]) + (f"#{anchor}" if anchor else "")


def _show_errors(form: Form, error: ValidationError) -> None:
    """Put a service's errors beside the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _render_edit(request: HttpRequest, post: Post, **forms: Any) -> HttpResponse:
    images = list(post.images.all())
    context = {
        "post": post,
        "form": forms.get("form") or PostForm(post=post),
        "image_form": forms.get("image_form") or ImageForm(prefix="photo"),
        "document_form": forms.get("document_form") or DocumentForm(prefix="document"),
        "schedule_form": forms.get("schedule_form") or ScheduleForm(prefix="schedule"),
        "image_rows": [
            (
                image,
                forms.get("image_edit_forms", {}).get(image.pk)
                or ImageEditForm(
                    prefix=f"photo-{image.pk}",
                    initial={"alt_text": image.alt_text, "caption": image.caption},
                ),
            )
            for image in images
        ],
        "documents": list(post.documents.all()),
        "is_public": post.is_public,
        "public_url": reverse("content:post_detail", args=[post.region.slug, post.slug]),
    }
    return render(request, "content/staff/post_edit.html", context)


# --- Posts -------------------------------------------------------------------------------------


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_POSTS)
    form = PostFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else None
    posts = selectors.posts_for_staff(request.user, status=status or None)
    page = Paginator(posts, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "content/staff/post_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "show_region": selectors.editor_region_ids(request.user) is None
            or len(selectors.editor_region_ids(request.user) or ()) > 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.regions_for_editor(request.user))
    if not regions or not request.user.has_perm(LIST_POSTS):
        raise Http404
    form = PostForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        regions=selectors.regions_for_editor(request.user) if len(regions) > 1 else None,
    )
    if form.is_bound and form.is_valid():
        region: Region = form.cleaned_data.get("region") or regions[0]
        require_perm(request, ADD_POST_IN_REGION, region)
        try:
            post = services.post_create(
                region=region,
                data=form.service_data(),
                cover=request.FILES.get("cover_image"),
                actor=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft “%(title)s” was saved. Add photos and documents, then publish it.")
                % {"title": post.title},
            )
            return redirect(_edit_url(post))
    return render(request, "content/staff/post_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id)
    if request.method != "POST":
        return _render_edit(request, post)
    form = PostForm(request.POST, request.FILES, post=post)
    if form.is_valid():
        try:
            post = services.post_update(
                post=post,
                data=form.service_data(),
                cover=request.FILES.get("cover_image"),
                remove_cover=form.cleaned_data.get("remove_cover", False),
                actor=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(_edit_url(post))
    return _render_edit(request, post, form=form)


@login_required
def post_preview(request: HttpRequest, post_id: int) -> HttpResponse:
    return render_post(request, _post_for(request, post_id), preview=True)


@login_required
@require_POST
def post_publish(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id, PUBLISH_POST)
    try:
        post = services.post_publish(post=post, actor=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The post was published."))
    return redirect(_edit_url(post, "status"))


@login_required
@require_POST
def post_schedule(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id, PUBLISH_POST)
    form = ScheduleForm(request.POST, prefix="schedule")
    if form.is_valid():
        try:
            post = services.post_schedule(
                post=post, publish_at=form.cleaned_data["publish_at"], actor=request.user
            )
        except ValidationError as error:
            _show_errors(form, error)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The post was scheduled."))
            return redirect(_edit_url(post, "status"))
    return _render_edit(request, post, schedule_form=form)


@login_required
@require_POST
def post_unpublish(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id, PUBLISH_POST)
    try:
        post = services.post_unpublish(post=post, actor=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The post is a draft again: the public no longer sees it."))
    return redirect(_edit_url(post, "status"))


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id, DELETE_POST)
    if request.method == "POST":
        title = post.title
        services.post_delete(post=post, actor=request.user)
        messages.success(request, _("The post “%(title)s” was deleted.") % {"title": title})
        return redirect("content:staff_post_list")
    return render(request, "content/staff/post_delete.html", {"post": post})


# --- Gallery and attachments -------------------------------------------------------------------


@login_required
@require_POST
def image_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id)
    form = ImageForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        try:
            services.post_image_add(
                post=post,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The photo was added to the gallery."))
            return redirect(_edit_url(post, "gallery"))
    return _render_edit(request, post, image_form=form)


def _image_for(request: HttpRequest, image_id: int) -> Any:
    image = selectors.image_for_staff(request.user, image_id)
    if image is None or not request.user.has_perm(CHANGE_POST, image.post):
        raise Http404
    return image


@login_required
@require_POST
def image_update(request: HttpRequest, image_id: int) -> HttpResponse:
    image = _image_for(request, image_id)
    form = ImageEditForm(request.POST, prefix=f"photo-{image.pk}")
    if form.is_valid():
        try:
            services.post_image_update(
                image=image,
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The photo's description was saved."))
            return redirect(_edit_url(image.post, f"photo-{image.pk}"))
    post = _post_for(request, image.post_id)
    return _render_edit(request, post, image_edit_forms={image.pk: form})


@login_required
@require_POST
def image_move(request: HttpRequest, image_id: int) -> HttpResponse:
    image = _image_for(request, image_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.post_image_move(image=image, offset=offset, actor=request.user)
    return redirect(_edit_url(image.post, f"photo-{image.pk}"))


@login_required
@require_POST
def image_remove(request: HttpRequest, image_id: int) -> HttpResponse:
    image = _image_for(request, image_id)
    post = image.post
    services.post_image_remove(image=image, actor=request.user)
    messages.success(request, _("The photo was removed from the gallery."))
    return redirect(_edit_url(post, "gallery"))


@login_required
@require_POST
def document_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_for(request, post_id)
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.post_document_add(
                post=post,
                upload=upload,
                file_name=upload.name,
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(_edit_url(post, "documents"))
    return _render_edit(request, post, document_form=form)


@login_required
@require_POST
def document_remove(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.document_for_staff(request.user, document_id)
    if document is None or not request.user.has_perm(CHANGE_POST, document.post):
        raise Http404
    post = document.post
    services.post_document_remove(document=document, actor=request.user)
    messages.success(request, _("The document was removed."))
    return redirect(_edit_url(post, "documents"))


# --- Fixed pages -------------------------------------------------------------------------------


@login_required
def page_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_PAGES)
    return render(
        request, "content/staff/page_list.html", {"rows": selectors.pages_for_staff(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, scope: str, slug: str) -> HttpResponse:
    if slug not in PageSlug.values:
        raise Http404
    region = None
    if scope != PLATFORM:
        region = Region.objects.select_related("voivodeship").filter(slug=scope).first()
        if region is None:
            raise Http404
    require_perm(request, CHANGE_PAGE_IN_REGION, region)
    page = selectors.page_for(region, slug)
    is_own = page.pk is not None and page.region_id == (region.pk if region else None)
    form = PageForm(
        request.POST if request.method == "POST" else None,
        initial={"title": page.title, "body": page.body},
    )
    if form.is_bound and form.is_valid():
        try:
            services.page_save(
                region=region,
                slug=slug,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The page was saved."))
            return redirect("content:staff_page_list")
    return render(
        request,
        "content/staff/page_form.html",
        {
            "form": form,
            "page": page,
            "region": region,
            "is_own": is_own,
            "label": PageSlug(slug).label,
            "public_url": reverse("content:page", args=[slug])
            + (f"?region={region.slug}" if region else "?region=all"),
        },
    )
