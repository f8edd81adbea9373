from django.urls import path, register_converter

from recommendations import views


class StateCodeConverter:
    """A member state's ISO code: two letters. Anything else (a NUL byte, a long string) matches no page."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(StateCodeConverter, "state_code")

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("implementation/", views.implementation_matrix, name="matrix"),
    path("implementation/export.csv", views.implementation_matrix_csv, name="matrix_csv"),
    path("implementation/<state_code:state_code>/", views.report_history, name="state_history"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/rounds/<int:round_id>/position/", views.position_submit, name="position"),
    path("<int:pk>/rounds/<int:round_id>/comment/", views.comment_submit, name="comment"),
    path("<int:pk>/report/<state_code:state_code>/", views.report_form, name="report"),
    path("<int:pk>/reports/<state_code:state_code>/", views.report_history, name="report_history"),
    path("reports/due/", views.reports_due, name="reports_due"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/evidence/", views.evidence_download, name="evidence"),
]
