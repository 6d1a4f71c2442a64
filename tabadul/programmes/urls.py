from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("<slug:slug>/results.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<slug:slug>/results.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/pilots/new/", views.pilot_create, name="pilot_create"),
    path("<slug:slug>/pilots/<slug:pilot_slug>/edit/", views.pilot_edit, name="pilot_edit"),
    path("<slug:slug>/pilots/<slug:pilot_slug>/milestones/", views.milestone_add, name="milestone_add"),
    path(
        "<slug:slug>/pilots/<slug:pilot_slug>/milestones/<int:pk>/edit/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path("<slug:slug>/officers/", views.officers, name="officers"),
    path("<slug:slug>/officers/<int:pk>/withdraw/", views.officer_withdraw, name="officer_withdraw"),
]
