from django.urls import path

from . import views

app_name = "alignment"
urlpatterns = [
    path("", views.goal_list, name="goal_list"),
    path("goals/<int:number>/", views.goal_detail, name="goal_detail"),
    path("targets/<str:code>/", views.target_detail, name="target_detail"),
    path("indicators/<slug:code>/", views.kpi_detail, name="kpi_detail"),
]
