from django.urls import path

from council import views

app_name = "council"

urlpatterns = [
    path("bodies/<slug:code>/", views.body_detail, name="body"),
    path("language/", views.language_switch, name="language"),
]
