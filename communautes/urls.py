from django.urls import path

from . import views

app_name = "communautes"

urlpatterns = [
    path("partenaire/", views.partenaire, name="partenaire"),
]
