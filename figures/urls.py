"""Regional figures: indicators, their values per state and period, and the rule that keeps small cells out of sight."""

from django.urls import path

from figures import views

app_name = "figures"

urlpatterns = [
    path("", views.figures_index, name="index"),
    path("enter/", views.value_enter, name="enter"),
    path("values/<int:pk>/", views.value_edit, name="value"),
    path("<slug:code>.csv", views.indicator_csv, name="csv"),
    path("<slug:code>/", views.indicator_detail, name="indicator"),
]
