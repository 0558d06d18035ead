from django.urls import path

from .views import public, staff

app_name = "content"

urlpatterns = [
    # Public
    path("news/", public.news_list, name="news_list"),
    path("news/feed/", public.NewsFeed(), name="feed"),
    path("news/<slug:region_slug>/feed/", public.NewsFeed(), name="region_feed"),
    path("news/<slug:region_slug>/<slug:slug>/", public.post_detail, name="post_detail"),
    path(
        "news/<slug:region_slug>/<slug:slug>/photos/<int:number>/",
        public.post_photo,
        name="post_photo",
    ),
    path("news/files/cover/<int:post_id>/<str:size>/", public.cover_file, name="cover_file"),
    path("news/files/photo/<int:image_id>/<str:size>/", public.image_file, name="image_file"),
    path(
        "news/files/document/<int:document_id>/<str:filename>",
        public.document_file,
        name="document_file",
    ),
    path("pages/<slug:slug>/", public.page_detail, name="page"),
    # Staff
    path("panel/news/", staff.post_list, name="staff_post_list"),
    path("panel/news/new/", staff.post_create, name="staff_post_create"),
    path("panel/news/<int:post_id>/", staff.post_edit, name="staff_post_edit"),
    path("panel/news/<int:post_id>/preview/", staff.post_preview, name="staff_post_preview"),
    path("panel/news/<int:post_id>/publish/", staff.post_publish, name="staff_post_publish"),
    path("panel/news/<int:post_id>/schedule/", staff.post_schedule, name="staff_post_schedule"),
    path("panel/news/<int:post_id>/unpublish/", staff.post_unpublish, name="staff_post_unpublish"),
    path("panel/news/<int:post_id>/delete/", staff.post_delete, name="staff_post_delete"),
    path("panel/news/<int:post_id>/photos/", staff.image_add, name="staff_image_add"),
    path("panel/news/photos/<int:image_id>/", staff.image_update, name="staff_image_update"),
    path("panel/news/photos/<int:image_id>/move/", staff.image_move, name="staff_image_move"),
    path("panel/news/photos/<int:image_id>/remove/", staff.image_remove, name="staff_image_remove"),
    path("panel/news/<int:post_id>/documents/", staff.document_add, name="staff_document_add"),
    path(
        "panel/news/documents/<int:document_id>/remove/",
        staff.document_remove,
        name="staff_document_remove",
    ),
    path("panel/pages/", staff.page_list, name="staff_page_list"),
    path("panel/pages/<slug:scope>/<slug:slug>/", staff.page_edit, name="staff_page_edit"),
]
