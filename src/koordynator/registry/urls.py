from .views import entities, imports, proposals

app_name = "registry"

urlpatterns = [*entities.urlpatterns, *proposals.urlpatterns, *imports.urlpatterns]
