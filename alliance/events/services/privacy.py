"""Erasure of a person's registrations, for an erased account (``portal.privacy``): the name on
the badge and the e-mail address are replaced, the answers (and their files) deleted, and the
passport details and scan of a letter request erased at once. The registration itself stays, so
that counts and check-ins still add up."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.core.services.privacy import erased_email_of, pseudonym_of
from alliance.events.models import Answer, LetterRequest, Registration
from alliance.events.services.letters import erase_passport


def erase_personal_data(user: User, *, actor: User | None) -> dict[str, int]:
    counts = {"registrations": 0, "answers": 0, "letters": 0}
    with transaction.atomic():
        registrations = list(Registration.objects.select_for_update().filter(user=user))
        for registration in registrations:
            registration.name = pseudonym_of(user)
            registration.email = erased_email_of(user)
            registration.save(update_fields=["name", "email"])
            counts["registrations"] += 1
        answers = Answer.objects.filter(registration__in=registrations)
        for answer in answers.exclude(file=""):
            answer.file.delete(save=False)
        counts["answers"] = answers.delete()[0]
        now = timezone.now()
        for letter in (
            LetterRequest.objects.select_for_update()
            .select_related("registration")
            .filter(registration__in=registrations, erased_at__isnull=True)
        ):
            erase_passport(letter, actor=actor, now=now)
            counts["letters"] += 1
        if registrations:
            record_audit("events.person.erase", actor=actor, obj=user, after=counts)
    return counts
