from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """The Summit, the Board meeting, forums and schools: sessions, registrations with quotas
    and a waiting list, letters, badges, check-in and certificates."""

    name = "alliance.events"
    label = "events"
    verbose_name = _("Events")
