from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Research achievements offered to industry, expert profiles, challenges posted by
    partners and members, inquiries, and the search and matching across all of them."""

    name = "alliance.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge exchange")
