from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from alliance.api import api
from alliance.portal import views as portal

portal_patterns = (
    [
        path("", portal.home, name="home"),
        path("dashboard/", portal.dashboard, name="dashboard"),
        path("account/my-data.json", portal.my_data, name="my_data"),
        path("personal-data/", portal.personal_data, name="personal_data"),
        path(
            "personal-data/<int:pk>/export.json",
            portal.personal_data_export,
            name="personal_data_export",
        ),
        path(
            "personal-data/<int:pk>/erase/", portal.personal_data_erase, name="personal_data_erase"
        ),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("members/", include("alliance.members.urls")),
    path("events/", include("alliance.events.urls")),
    path("mobility/", include("alliance.mobility.urls")),
    path("knowledge/", include("alliance.knowledge.urls")),
    path("governance/", include("alliance.governance.urls")),
    path("programmes/", include("alliance.programmes.urls")),
    path("report/", include("alliance.reports.urls")),
    path("", include("alliance.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
