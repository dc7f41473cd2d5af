app_name = "vitrine"

urlpatterns: list = []
