"""The knowledge services: every change, its audit row, and every refusal writing nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alliance.core.models import AuditEntry
from alliance.knowledge.enums import AchievementStatus, ChallengeStatus, EntryKind, InquiryStatus
from alliance.knowledge.models import Achievement, Challenge, Inquiry, SearchEntry
from alliance.knowledge.queries import inquiry_counts
from alliance.knowledge.services.achievements import (
    add_document,
    create_achievement,
    publish_achievement,
    remove_document,
    return_achievement,
    submit_achievement,
    update_achievement,
    withdraw_achievement,
)
from alliance.knowledge.services.challenges import (
    close_challenge,
    moderate_challenge,
    post_challenge,
    update_challenge,
)
from alliance.knowledge.services.experts import update_expert
from alliance.knowledge.services.inquiries import (
    open_inquiry,
    reply_to_inquiry,
    set_inquiry_status,
)
from alliance.members.enums import Role
from tests.conftest import make_user
from tests.knowledge.conftest import (
    achievement_data,
    build_achievement,
    build_challenge,
    build_expert,
)

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="knowledge.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- achievements ------------------------------------------------------------------------


def test_a_coordinator_creates_a_draft_with_an_audit_row(cast, tsinghua):
    achievement = create_achievement(
        actor=cast.coordinator_tsinghua,
        institution=tsinghua,
        data=achievement_data(keywords="membrane, 膜、membrane\n wastewater "),
    )
    assert achievement.status == AchievementStatus.DRAFT
    assert achievement.keywords == ["membrane", "膜", "wastewater"]
    entry = AuditEntry.objects.get(action="knowledge.achievement.create")
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.institution_id == tsinghua.pk
    assert entry.after["title"] == "Ceramic membrane for industrial wastewater"
    assert entry.after["trl"] == 5
    assert SearchEntry.objects.count() == 0


def test_bad_content_names_every_problem_and_saves_nothing(cast, tsinghua):
    with pytest.raises(ValidationError) as caught:
        create_achievement(
            actor=cast.coordinator_tsinghua,
            institution=tsinghua,
            data=achievement_data(title=" ", field="astrology", trl=10, patent_numbers=[]),
        )
    assert sorted(caught.value.message_dict) == ["field", "patent_numbers", "title", "trl"]
    assert Achievement.objects.count() == 0
    assert actions() == []


def test_a_coordinator_may_not_write_for_another_member_or_a_partner(cast, tsinghua, nus, boao):
    with pytest.raises(ValidationError):
        create_achievement(
            actor=cast.coordinator_nus, institution=tsinghua, data=achievement_data()
        )
    with pytest.raises(ValidationError) as caught:
        create_achievement(actor=cast.secretariat, institution=boao, data=achievement_data())
    assert caught.value.message_dict == {"institution": ["Achievements belong to a member."]}
    assert Achievement.objects.count() == 0


def test_the_workflow_draft_review_published_withdrawn(cast, tsinghua, without_model):
    coordinator = cast.coordinator_tsinghua
    achievement = build_achievement(coordinator, tsinghua, publish=False)
    submit_achievement(achievement, actor=coordinator)
    with pytest.raises(ValidationError):
        update_achievement(achievement, actor=coordinator, data=achievement_data(title="New"))
    published = publish_achievement(achievement, actor=cast.secretariat)
    assert published.status == AchievementStatus.PUBLISHED
    assert published.published_by == cast.secretariat
    assert list(SearchEntry.objects.values_list("kind", "object_id")) == [
        (EntryKind.ACHIEVEMENT, achievement.pk)
    ]
    withdraw_achievement(published, actor=coordinator)
    assert SearchEntry.objects.count() == 0
    assert actions() == [
        "knowledge.achievement.create",
        "knowledge.achievement.submit",
        "knowledge.achievement.publish",
        "knowledge.achievement.withdraw",
    ]
    publish = AuditEntry.objects.get(action="knowledge.achievement.publish")
    assert (publish.before["status"], publish.after["status"]) == ("in-review", "published")


def test_a_coordinator_of_the_institution_may_publish_after_review(cast, tsinghua):
    achievement = build_achievement(cast.coordinator_tsinghua, tsinghua, publish=False)
    submit_achievement(achievement, actor=cast.coordinator_tsinghua)
    with pytest.raises(ValidationError):
        publish_achievement(achievement, actor=cast.coordinator_nus)
    assert publish_achievement(achievement, actor=cast.coordinator_tsinghua).is_published


def test_publishing_needs_a_review_first(cast, tsinghua):
    achievement = build_achievement(cast.coordinator_tsinghua, tsinghua, publish=False)
    with pytest.raises(ValidationError) as caught:
        publish_achievement(achievement, actor=cast.secretariat)
    assert caught.value.messages == ["This achievement is Draft; that step is not possible now."]
    achievement.refresh_from_db()
    assert achievement.status == AchievementStatus.DRAFT
    assert actions() == ["knowledge.achievement.create"]


def test_returning_needs_a_note_and_lets_the_coordinator_change_it(cast, tsinghua):
    coordinator = cast.coordinator_tsinghua
    achievement = build_achievement(coordinator, tsinghua, publish=False)
    submit_achievement(achievement, actor=coordinator)
    with pytest.raises(ValidationError):
        return_achievement(achievement, actor=cast.secretariat, note="  ")
    returned = return_achievement(achievement, actor=cast.secretariat, note="Add the TRL proof.")
    assert (returned.status, returned.review_note) == ("returned", "Add the TRL proof.")
    changed = update_achievement(returned, actor=coordinator, data=achievement_data(trl=6))
    assert changed.trl == 6
    update = AuditEntry.objects.get(action="knowledge.achievement.update")
    assert (update.before, update.after) == ({"trl": 5}, {"trl": 6})


def test_an_unchanged_save_writes_no_audit_row(cast, tsinghua):
    achievement = build_achievement(cast.coordinator_tsinghua, tsinghua, publish=False)
    update_achievement(achievement, actor=cast.coordinator_tsinghua, data=achievement_data())
    assert actions() == ["knowledge.achievement.create"]


def test_documents_go_to_private_storage_and_are_checked(
    cast, tsinghua, django_capture_on_commit_callbacks
):
    coordinator = cast.coordinator_tsinghua
    achievement = build_achievement(coordinator, tsinghua, publish=False)
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4 datasheet")
    document = add_document(achievement, actor=coordinator, title="Datasheet", upload=pdf)
    assert (document.content_type, document.size) == ("application/pdf", 18)
    assert document.file.storage.exists(document.file.name)
    image = add_document(
        achievement,
        actor=coordinator,
        title="Photo",
        upload=SimpleUploadedFile("p.png", png_bytes()),
    )
    assert image.content_type == "image/png"
    with pytest.raises(ValidationError) as caught:
        add_document(
            achievement,
            actor=coordinator,
            title="Script",
            upload=SimpleUploadedFile("x.pdf", b"<html><script>"),
        )
    assert caught.value.message_dict == {"file": ["The file must be a PDF, JPEG or PNG."]}
    name = document.file.name
    storage = document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        remove_document(document, actor=coordinator)
    assert achievement.documents.count() == 1
    assert actions() == [
        "knowledge.achievement.create",
        "knowledge.document.add",
        "knowledge.document.add",
        "knowledge.document.remove",
    ]
    assert storage.exists(name) is False


# --- experts -----------------------------------------------------------------------------


def test_an_expert_may_edit_their_own_profile(cast, tsinghua, without_model):
    expert_user = make_user("lee@tsinghua.example.org")
    profile = build_expert(cast.coordinator_tsinghua, tsinghua)
    profile.user = expert_user  # linking accounts is done in the admin for now
    profile.save()
    data = {
        "full_name": "Dr Lee Min-jun",
        "keywords": ["solid-state batteries"],
        "fields": ["materials"],
        "languages": "en, KO, zh-hant",
        "listed": True,
        "open_to_collaboration": False,
        "private_parts": ["publications"],
    }
    updated = update_expert(profile, actor=expert_user, data=data)
    assert updated.languages == ["en", "ko", "zh-hant"]
    assert updated.private_parts == ["publications"]
    entry = AuditEntry.objects.get(action="knowledge.expert.update")
    assert entry.actor == expert_user
    assert entry.after["keywords"] == ["solid-state batteries"]
    with pytest.raises(ValidationError):
        update_expert(profile, actor=cast.coordinator_nus, data=data)


def test_bad_expert_input_lists_every_problem(cast, tsinghua):
    profile = build_expert(cast.coordinator_tsinghua, tsinghua)
    with pytest.raises(ValidationError) as caught:
        update_expert(
            profile,
            actor=cast.coordinator_tsinghua,
            data={"full_name": "", "fields": ["alchemy"], "languages": "English"},
        )
    assert sorted(caught.value.message_dict) == ["fields", "full_name", "languages"]


def test_unlisting_an_expert_removes_them_from_search(cast, tsinghua, without_model):
    profile = build_expert(cast.coordinator_tsinghua, tsinghua)
    assert SearchEntry.objects.filter(kind=EntryKind.EXPERT).count() == 1
    update_expert(
        profile,
        actor=cast.coordinator_tsinghua,
        data={"full_name": profile.full_name, "listed": False},
    )
    assert SearchEntry.objects.count() == 0


# --- challenges --------------------------------------------------------------------------


def test_a_partner_posts_and_the_secretariat_publishes(cast, boao, without_model):
    challenge = build_challenge(cast.partner, boao)
    assert challenge.status == ChallengeStatus.PENDING
    with pytest.raises(ValidationError):
        moderate_challenge(challenge, actor=cast.coordinator_tsinghua, publish=True)
    published = moderate_challenge(challenge, actor=cast.secretariat, publish=True)
    assert published.status == ChallengeStatus.PUBLISHED
    assert SearchEntry.objects.filter(kind=EntryKind.CHALLENGE).count() == 1
    update_challenge(
        published,
        actor=cast.partner,
        data={**_challenge_data(), "title": "Remove oil and grease from refinery wastewater"},
    )
    published.refresh_from_db()
    assert published.status == ChallengeStatus.PENDING  # moderated again
    assert SearchEntry.objects.count() == 0
    close_challenge(published, actor=cast.partner)
    assert actions() == [
        "knowledge.challenge.post",
        "knowledge.challenge.publish",
        "knowledge.challenge.update",
        "knowledge.challenge.close",
    ]


def _challenge_data() -> dict:
    return {
        "title": "Remove oil from refinery wastewater",
        "problem": "Oily wastewater.",
        "field": "environmental",
        "keywords": [],
        "wanted_outcome": "A pilot.",
    }


def test_declining_needs_a_reason(cast, boao):
    challenge = build_challenge(cast.partner, boao)
    with pytest.raises(ValidationError):
        moderate_challenge(challenge, actor=cast.secretariat, publish=False)
    declined = moderate_challenge(
        challenge, actor=cast.secretariat, publish=False, note="Out of scope."
    )
    assert (declined.status, declined.moderation_note) == ("rejected", "Out of scope.")


def test_posting_for_another_institution_or_a_past_deadline_is_refused(cast, boao, nus):
    with pytest.raises(ValidationError) as caught:
        post_challenge(actor=cast.coordinator_tsinghua, institution=boao, data=_challenge_data())
    assert list(caught.value.message_dict) == ["institution"]
    with pytest.raises(ValidationError) as caught:
        post_challenge(
            actor=cast.partner,
            institution=boao,
            data={**_challenge_data(), "deadline": datetime.date(2000, 1, 1), "title": ""},
        )
    assert sorted(caught.value.message_dict) == ["deadline", "title"]
    assert Challenge.objects.count() == 0
    member = post_challenge(actor=cast.coordinator_nus, institution=nus, data=_challenge_data())
    assert member.institution == nus


# --- inquiries ---------------------------------------------------------------------------


@pytest.fixture
def published(cast, tsinghua):
    return build_achievement(cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat)


def test_a_partner_asks_and_the_owner_is_told_without_addresses(
    cast, published, boao, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = open_inquiry(
            published, actor=cast.partner, subject="Licence for Asia", message="We refine oil."
        )
    assert (inquiry.status, inquiry.asker_institution) == (InquiryStatus.NEW, boao)
    assert [m.to for m in mail.outbox] == [["coord@tsinghua.example.org"]]
    body = mail.outbox[0].body
    assert "partner@boao.example.org" not in body
    assert "We refine oil." not in body  # the message stays on the platform
    assert f"/knowledge/inquiries/{inquiry.pk}/" in body
    entry = AuditEntry.objects.get(action="knowledge.inquiry.open")
    assert entry.after == {
        "achievement": published.pk,
        "subject": "Licence for Asia",
        "status": "new",
    }


def test_the_owner_answers_and_sets_the_status(cast, published, django_capture_on_commit_callbacks):
    inquiry = open_inquiry(published, actor=cast.partner, subject="Licence", message="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_inquiry(inquiry, actor=cast.coordinator_tsinghua, message="Gladly.")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.DISCUSSION
    assert [m.to for m in mail.outbox] == [["partner@boao.example.org"]]
    assert "coord@tsinghua.example.org" not in mail.outbox[0].body
    set_inquiry_status(inquiry, actor=cast.coordinator_tsinghua, status=InquiryStatus.NDA)
    with pytest.raises(ValidationError):
        set_inquiry_status(inquiry, actor=cast.partner, status=InquiryStatus.LICENSED)
    with pytest.raises(ValidationError):
        reply_to_inquiry(inquiry, actor=cast.coordinator_nus, message="Me too")
    assert [(m.from_owner, m.body) for m in inquiry.messages.all()] == [
        (False, "Hello"),
        (True, "Gladly."),
    ]
    status = AuditEntry.objects.get(action="knowledge.inquiry.status")
    assert (status.before, status.after) == ({"status": "discussion"}, {"status": "nda"})
    assert inquiry_counts() == {
        "new": 0,
        "discussion": 0,
        "nda": 1,
        "licensed": 0,
        "declined": 0,
    }


def test_who_may_not_ask(cast, tsinghua, published):
    draft = build_achievement(cast.coordinator_tsinghua, tsinghua, publish=False)
    student = make_user("someone@students.example.org", Role.APPLICANT)
    refusals = [
        (published, cast.coordinator_tsinghua),  # its own institution
        (published, student),
        (published, cast.secretariat),
        (draft, cast.partner),  # not published
    ]
    for achievement, actor in refusals:
        with pytest.raises(ValidationError):
            open_inquiry(achievement, actor=actor, subject="Hi", message="Hello")
    with pytest.raises(ValidationError) as caught:
        open_inquiry(published, actor=cast.partner, subject="", message="")
    assert sorted(caught.value.message_dict) == ["message", "subject"]
    assert Inquiry.objects.count() == 0


def test_the_dashboard_asks_for_reviews_moderation_and_answers(cast, tsinghua, without_model):
    from alliance.knowledge.queries import next_tasks

    draft = build_achievement(
        cast.coordinator_tsinghua, tsinghua, publish=False, title="Solid-state cells"
    )
    submit_achievement(draft, actor=cast.coordinator_tsinghua)
    review = ("Review the achievement: Solid-state cells", f"/knowledge/achievements/{draft.pk}/")
    assert [(t.label, t.url) for t in next_tasks(cast.coordinator_tsinghua)] == [review]
    assert [(t.label, t.url) for t in next_tasks(cast.secretariat)] == [review]
    assert next_tasks(cast.coordinator_nus) == []

    challenge = build_challenge(cast.coordinator_tsinghua, tsinghua)
    moderate = (
        "Moderate the challenge: Remove oil from refinery wastewater",
        f"/knowledge/challenges/{challenge.pk}/",
    )
    assert [(t.label, t.url) for t in next_tasks(cast.secretariat)] == [review, moderate]

    published = publish_achievement(draft, actor=cast.secretariat)
    inquiry = open_inquiry(published, actor=cast.partner, subject="Licensing", message="Terms?")
    assert [(t.label, t.url) for t in next_tasks(cast.coordinator_tsinghua)] == [
        ("Answer the inquiry: Licensing", f"/knowledge/inquiries/{inquiry.pk}/")
    ]
    reply_to_inquiry(inquiry, actor=cast.coordinator_tsinghua, message="Let us talk.")
    assert next_tasks(cast.coordinator_tsinghua) == []
    assert next_tasks(cast.partner) == []
