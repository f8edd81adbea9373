from django.urls import path

from workinggroups import views

app_name = "workinggroups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<slug:code>/", views.group_detail, name="detail"),
]
