"""The portal's URLs."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth's login, so its rate limits and MFA apply to the admin too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("config.api")),
    path("meetings/", include("meetings.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("reports/", include("reports.urls")),
    path("groups/", include("workinggroups.urls")),
    path("programme/", include("programme.urls")),
    path("figures/", include("figures.urls")),
    path("search/", include("search.urls")),
    path("", include("portal.urls")),
    path("", include("council.urls")),
]
