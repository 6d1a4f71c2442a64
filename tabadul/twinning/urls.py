app_name = "twinning"
urlpatterns = []
