from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("panel/support/", views.desk, name="desk"),
]
