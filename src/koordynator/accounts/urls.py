from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("panel/", views.dashboard, name="dashboard"),
    path("panel/organisations/", views.organisation_list, name="organisations"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
