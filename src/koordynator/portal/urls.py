from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import map_views, views
from .sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.regions, name="regions"),
    path("directory/", views.directory, name="directory"),
    path("directory/gminas/", views.directory_gminas, name="directory_gminas"),
    path("directory/<int:entity_id>/", views.entity, name="entity"),
    path("map/", map_views.entity_map, name="map"),
    path("map/data/", map_views.entity_map_data, name="map_data"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/entities.<str:extension>", views.open_data_file, name="open_data_file"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap"},
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
