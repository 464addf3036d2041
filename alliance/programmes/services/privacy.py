"""Erasure of a person's programme applications, for an erased account (``portal.privacy``):
what they wrote (title, plan, answers), the files they attached and the names and addresses
of the people they asked for endorsement go; the application keeps its call, institutions,
dates, state and amount, so that awards and budgets still add up."""

from __future__ import annotations

from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.programmes.models import Application, ApplicationFile, Endorsement


def erase_personal_data(user: User, *, actor: User | None) -> dict[str, int]:
    with transaction.atomic():
        applications = list(Application.objects.select_for_update().filter(applicant=user))
        files = ApplicationFile.objects.filter(application__in=applications)
        for attached in files:
            attached.file.delete(save=False)
        removed = files.delete()[0]
        Endorsement.objects.filter(application__in=applications).update(
            name="", email="", comment=""
        )
        for application in applications:
            application.title = ""
            application.plan = ""
            application.answers = {}
            application.home_head_name = application.home_head_email = ""
            application.host_contact_name = application.host_contact_email = ""
            application.save(
                update_fields=[
                    "title",
                    "plan",
                    "answers",
                    "home_head_name",
                    "home_head_email",
                    "host_contact_name",
                    "host_contact_email",
                ]
            )
        counts = {"programme_applications": len(applications), "programme_files": removed}
        if applications:
            record_audit("programmes.person.erase", actor=actor, obj=user, after=counts)
    return counts
