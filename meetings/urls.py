from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/answer/", views.meeting_answer, name="answer"),
    path("<int:pk>/delegate/", views.meeting_delegate, name="delegate"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="ics"),
    path("feed/rotate/", views.calendar_feed_rotate, name="feed_rotate"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("rsvp/<str:token>/calendar.ics", views.rsvp_ics, name="rsvp_ics"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome"),
    path("outcomes/<int:pk>/scan/", views.outcome_scan, name="outcome_scan"),
]
