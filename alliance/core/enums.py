from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What a personal access token may do. Each domain adds the scopes its API needs."""

    MEMBERS_READ = "members:read", _("Read institutions, memberships and people")
    AUDIT_READ = "audit:read", _("Read the audit log (Secretariat only)")
    EVENTS_READ = "events:read", _("Read events, their sessions and your registrations")
    MOBILITY_READ = "mobility:read", _("Read mobility agreements, rounds and allocation runs")
