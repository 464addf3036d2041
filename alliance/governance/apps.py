from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Bodies and their seats, meetings with their agendas and attendance, motions, and polls
    voted by member institutions, counted by the pure tally in ``governance.tally``."""

    name = "alliance.governance"
    label = "governance"
    verbose_name = _("Governance")
