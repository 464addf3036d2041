from django.db import models
from django.utils.translation import gettext_lazy as _

# --- data collection (H7) ---


class CollectionStatus(models.TextChoices):
    """A yearly collection: open while members fill their submissions, closed afterwards."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SubmissionStatus(models.TextChoices):
    """Where one member's submission of one year stands."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, in review")
    ACCEPTED = "accepted", _("Accepted, awaiting sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")


class ValueState(models.TextChoices):
    """The explicit answer given for one indicator: no value is ever left blank and unexplained.
    EMPTY only while a draft has no answer yet."""

    EMPTY = "", _("Not answered yet")
    VALUE = "value", _("Value")
    WITHHELD = "withheld", _("Withheld")
    NOT_AVAILABLE = "not_available", _("Not available")


class QueryStatus(models.TextChoices):
    """A question the Secretariat asks about one value in the review round."""

    OPEN = "open", _("Awaiting the institution's answer")
    ANSWERED = "answered", _("Answered, awaiting the Secretariat")
    RESOLVED = "resolved", _("Resolved")


# --- editions (H8) ---


class EditionStatus(models.TextChoices):
    """Where an edition of the report stands. A published edition stays public while it is
    rebuilt (after corrections); a failed build keeps the files of the previous one."""

    DRAFT = "draft", _("Draft")
    BUILDING = "building", _("Building")
    BUILT = "built", _("Built, not public yet")
    PUBLISHED = "published", _("Published")
