"""URL map: admin, health, the REST API under /api/v1/, dashboards and editor pages."""

from django.contrib import admin
from django.urls import include, path

from api.urls import api_docs
from config.csp_report import csp_report
from config.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("csp-report/", csp_report, name="csp-report"),
    path("api/v1/", include("api.urls")),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("editorial.urls")),
    path("", include("dashboard.urls")),
]

# Error answers: JSON under /api/, pages elsewhere (config/errors.py).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
