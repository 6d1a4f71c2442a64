from django.urls import path

from . import views

app_name = "qa"
urlpatterns = [
    path("", views.question_list, name="question_list"),
    path("ask/", views.question_ask, name="question_ask"),
    path("response-times/", views.response_times, name="response_times"),
    path("specialists/", views.specialist_list, name="specialist_list"),
    path("my-expertise/", views.expertise_edit, name="expertise_edit"),
    path("<int:pk>/", views.question_detail, name="question_detail"),
    path("<int:pk>/answer/", views.answer_post, name="answer_post"),
    path("<int:pk>/answers/<int:answer_pk>/accept/", views.answer_accept, name="answer_accept"),
    path("<int:pk>/comment/", views.comment_post, name="comment_post"),
    path("<int:pk>/publication/request/", views.publication_request, name="publication_request"),
    path("<int:pk>/publication/publish/", views.question_publish, name="question_publish"),
    path("<int:pk>/publication/withdraw/", views.question_unpublish, name="question_unpublish"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
]
