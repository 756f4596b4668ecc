"""The example project's URLs, with the benchmark's views and django-hitcount's in front."""

from django.urls import include, path

from newsroom.urls import urlpatterns as newsroom_urlpatterns

from . import views

urlpatterns = [
    path("bench/empty/", views.empty),
    path("bench/update/<int:article_id>/", views.update),
    path("hitcount/", include(("hitcount.urls", "hitcount"), namespace="hitcount")),
    *newsroom_urlpatterns,
]
