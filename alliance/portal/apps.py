from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The home page and each role's dashboard. Reads every domain through its queries;
    nothing imports portal."""

    name = "alliance.portal"
    label = "portal"
    verbose_name = _("Portal")
