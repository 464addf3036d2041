"""Erasure of a person's programme applications, for an erased account (``portal.privacy``):
what they wrote (title, plan, answers, their activity report), the files they attached and the
names and addresses of the people they asked for endorsement or a host review go; the
application keeps its call, institutions, dates, state and amount, and the grant its payments,
so that awards and budgets still add up. A certificate keeps its code, with the holder's name
replaced, so that the verification page no longer names the person."""

from __future__ import annotations

from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.core.services.privacy import pseudonym_of
from alliance.programmes.models import (
    ActivityReport,
    Application,
    ApplicationFile,
    Certificate,
    Endorsement,
    HostReview,
    OutcomeReminder,
    ReportAttachment,
)


def erase_personal_data(user: User, *, actor: User | None) -> dict[str, int]:
    with transaction.atomic():
        applications = list(Application.objects.select_for_update().filter(applicant=user))
        files = ApplicationFile.objects.filter(application__in=applications)
        for attached in files:
            attached.file.delete(save=False)
        removed = files.delete()[0]
        report_files = ReportAttachment.objects.filter(report__application__in=applications)
        for report_file in report_files:
            report_file.file.delete(save=False)
        removed += report_files.delete()[0]
        reports = ActivityReport.objects.filter(application__in=applications).update(
            summary="", outcomes=""
        )
        HostReview.objects.filter(application__in=applications).update(name="", email="")
        OutcomeReminder.objects.filter(application__in=applications).update(email="")
        Certificate.objects.filter(application__in=applications).update(
            holder_name=pseudonym_of(user)
        )
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
        counts = {
            "programme_applications": len(applications),
            "programme_files": removed,
            "programme_reports": reports,
        }
        if applications:
            record_audit("programmes.person.erase", actor=actor, obj=user, after=counts)
    return counts
