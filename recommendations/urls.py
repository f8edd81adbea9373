from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("implementation/", views.implementation_matrix, name="matrix"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/rounds/<int:round_id>/position/", views.position_submit, name="position"),
    path("<int:pk>/rounds/<int:round_id>/comment/", views.comment_submit, name="comment"),
    path("<int:pk>/report/<str:state_code>/", views.report_form, name="report"),
]
