from django.urls import path

from . import views

app_name = "accompagnateurs"

urlpatterns = [
    path("accompagnateur/", views.tableau, name="tableau"),
]
