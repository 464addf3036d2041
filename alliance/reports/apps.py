from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The annual report on Asian higher education: the indicator handbook, public statistics,
    the yearly data collection from members, and the edition (web, PDF and open data)."""

    name = "alliance.reports"
    label = "reports"
    verbose_name = _("Annual report")
