"""Erasure for an erased account (``portal.privacy``): the expert profile linked to it leaves
the search and is deleted; the messages the person wrote in inquiries are emptied, while the
inquiries themselves stay (with their state) so that the counts for the annual report still add
up. Requests for places in shared courses keep their state and home institution (the seats they
took still count) but lose the student's name, address and motivation."""

from __future__ import annotations

from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.knowledge.enums import EntryKind
from alliance.knowledge.models import EnrolmentRequest, ExpertProfile, InquiryMessage
from alliance.knowledge.services.index import unindex


def erase_personal_data(user: User, *, actor: User | None) -> dict[str, int]:
    with transaction.atomic():
        profiles = 0
        for profile in ExpertProfile.objects.select_for_update().filter(user=user):
            unindex(EntryKind.EXPERT, profile.pk)
            profile.delete()
            profiles += 1
        messages = InquiryMessage.objects.filter(author=user).exclude(body="").update(body="")
        enrolments = 0
        for request in EnrolmentRequest.objects.select_for_update().filter(student=user):
            request.student_name = "—"
            request.student_email = f"erased-{request.pk}@erased.invalid"
            request.motivation = ""
            request.save(update_fields=["student_name", "student_email", "motivation"])
            enrolments += 1
        counts = {
            "expert_profiles": profiles,
            "inquiry_messages": messages,
            "enrolment_requests": enrolments,
        }
        if profiles or messages or enrolments:
            record_audit("knowledge.person.erase", actor=actor, obj=user, after=counts)
    return counts
