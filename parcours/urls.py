from django.urls import path

from . import views

app_name = "parcours"

urlpatterns = [
    path("mon-espace/", views.mon_espace, name="mon_espace"),
]
