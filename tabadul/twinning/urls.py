from django.urls import path

from . import views

app_name = "twinning"
urlpatterns = [
    path("", views.network_list, name="network_list"),
    path("new/", views.network_create, name="network_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/end/", views.group_end, name="group_end"),
    path("groups/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("groups/<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("groups/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("groups/<int:pk>/strategy/<slug:kind>/", views.strategy_section_edit, name="strategy_section_edit"),
    path("groups/<int:pk>/progress/", views.group_progress, name="group_progress"),
    path("groups/<int:pk>/assessment/", views.assessment_edit, name="assessment_edit"),
    path("groups/<int:pk>/review/", views.group_review, name="group_review"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/status/", views.milestone_status, name="milestone_status"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("partners/<slug:slug>/", views.partner_suggestions, name="partner_suggestions"),
    path("<slug:slug>/", views.network_detail, name="network_detail"),
    path("<slug:slug>/edit/", views.network_edit, name="network_edit"),
    path("<slug:slug>/export.xlsx", views.network_export, name="network_export"),
    path("<slug:slug>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("<slug:slug>/groups/new/", views.group_create, name="group_create"),
]
