from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    """Exchange agreements, semester exchange rounds, applications, nominations and the
    allocation of exchange places across the alliance."""

    name = "alliance.mobility"
    label = "mobility"
    verbose_name = _("Mobility")
