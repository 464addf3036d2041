from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Programmes of the alliance (Scholars Award, Staff Exchange, student programmes, projects):
    calls, applications, endorsements, review panels, selection and awards."""

    name = "alliance.programmes"
    label = "programmes"
    verbose_name = _("Programmes")
