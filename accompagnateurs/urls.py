from django.urls import path

from . import views

app_name = "accompagnateurs"

urlpatterns = [
    path("", views.tableau, name="tableau"),
]
