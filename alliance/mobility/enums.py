from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementScope(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral (two members)")
    ALLIANCE = "alliance", _("Alliance-wide (every member)")


class StudyLevel(models.TextChoices):
    """Levels of the European Qualifications Framework, as EWP agreements name them."""

    EQF5 = "5", _("EQF 5 (short cycle)")
    EQF6 = "6", _("EQF 6 (bachelor)")
    EQF7 = "7", _("EQF 7 (master)")
    EQF8 = "8", _("EQF 8 (doctorate)")


class Cefr(models.TextChoices):
    """Common European Framework of Reference levels, lowest first."""

    A1 = "A1", _("A1")
    A2 = "A2", _("A2")
    B1 = "B1", _("B1")
    B2 = "B2", _("B2")
    C1 = "C1", _("C1")
    C2 = "C2", _("C2")


CEFR_ORDER = [c.value for c in Cefr]


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed (nominations and allocation)")
    PUBLISHED = "published", _("Results published")


class Mechanism(models.TextChoices):
    """The allocation mechanisms of ``alliance.mobility.engine``."""

    TS_TTC = "ts-ttc", _("Two-sided top trading cycles (balanced, respects home priority)")
    DA = "da", _("Deferred acceptance (not balanced; for comparison)")
    MAX_VOLUME = "max-volume", _("Maximum-volume balanced (ignores home priority; can be gamed)")


class PlacementResponse(models.TextChoices):
    PENDING = "pending", _("Awaiting the student's answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


MAX_CHOICES = 10


class MobilityStatus(models.TextChoices):
    """A mobility record, from the student's acceptance (the nomination to the host) on."""

    NOMINATED = "nominated", _("Nominated to the host")
    ARRIVED = "arrived", _("At the host")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


COUNTS_IN_LEDGER = (MobilityStatus.NOMINATED, MobilityStatus.ARRIVED, MobilityStatus.COMPLETED)


class Signatory(models.TextChoices):
    """The three parties who sign a learning agreement."""

    STUDENT = "student", _("Student")
    HOME = "home", _("Home university")
    HOST = "host", _("Host university")
