"""The programme of work: cooperation roadmaps, their parties and activities."""

from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.roadmap_list, name="list"),
    path("<int:pk>/", views.roadmap_detail, name="detail"),
    path("<int:pk>/signed-text/", views.signed_text, name="signed_text"),
]
