"""The knowledge pages: what they show, the forms, and flat query counts for the lists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.knowledge.models import Achievement, Challenge
from alliance.knowledge.services.achievements import add_document
from alliance.knowledge.services.inquiries import open_inquiry
from tests.conftest import client_for
from tests.knowledge.conftest import build_achievement, build_challenge, build_expert

pytestmark = pytest.mark.django_db


def queries_for(client, url, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_search_page_answers_as_one_types(cast, tsinghua, without_model):
    build_achievement(cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat)
    client = client_for(cast.partner)
    page = client.get("/knowledge/?q=wastewater")
    html = page.content.decode()
    assert '<form class="filters" method="get" role="search" hx-get="/knowledge/"' in html
    assert "Ceramic membrane for industrial wastewater" in html
    assert "ranked by words only" in html
    partial = client.get("/knowledge/?q=wastew", HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert "<html" not in text
    assert "1 result" in text
    assert "<q>wastew</q>" not in text  # an unfinished word is not claimed as matched
    assert "HX-Request" in partial["Vary"]


def test_the_search_page_query_count_is_flat(cast, tsinghua, boao, without_model):
    coordinator = cast.coordinator_tsinghua
    build_achievement(coordinator, tsinghua, secretariat=cast.secretariat)
    client = client_for(cast.partner)
    one, _html = queries_for(client, "/knowledge/?q=wastewater", HTTP_HX_REQUEST="true")
    for n in range(3):
        build_achievement(
            coordinator, tsinghua, secretariat=cast.secretariat, title=f"Wastewater {n}"
        )
        build_expert(coordinator, tsinghua, full_name=f"Expert {n}", keywords=["wastewater"])
        build_challenge(cast.partner, boao, secretariat=cast.secretariat, title=f"Challenge {n}")
    several, html = queries_for(client, "/knowledge/?q=wastewater", HTTP_HX_REQUEST="true")
    assert html.count("<li>") == 10
    assert several == one + 2  # the experts and the challenges are fetched too


def test_the_achievement_list_query_count_is_flat(cast, tsinghua):
    coordinator = cast.coordinator_tsinghua
    build_achievement(coordinator, tsinghua, publish=False)
    client = client_for(coordinator)
    one, _html = queries_for(client, "/knowledge/achievements/")
    for n in range(4):
        build_achievement(coordinator, tsinghua, publish=False, title=f"Draft {n}")
    several, html = queries_for(client, "/knowledge/achievements/")
    assert html.count("<tr>") == 6
    assert several == one


def test_the_challenge_and_inquiry_lists_query_counts_are_flat(cast, tsinghua, boao):
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    build_challenge(cast.partner, boao)
    open_inquiry(achievement, actor=cast.partner, subject="One", message="Hi")
    client = client_for(cast.secretariat)
    challenges_one, _ = queries_for(client, "/knowledge/challenges/")
    inquiries_one, _ = queries_for(client, "/knowledge/inquiries/")
    for n in range(3):
        build_challenge(cast.partner, boao, title=f"Challenge {n}")
        open_inquiry(achievement, actor=cast.partner, subject=f"Q{n}", message="Hi")
    assert queries_for(client, "/knowledge/challenges/")[0] == challenges_one
    assert queries_for(client, "/knowledge/inquiries/")[0] == inquiries_one


def test_a_coordinator_adds_an_achievement_through_the_form(cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        "/knowledge/achievements/new/",
        {
            "institution": tsinghua.pk,
            "title": "光催化制氢",
            "summary": "<b>Hydrogen</b> from sunlight.",
            "field": "chemistry",
            "keywords": "hydrogen\n光催化",
            "trl": "3",
            "ip_status": "none",
            "contact": "TTO",
        },
    )
    achievement = Achievement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/knowledge/achievements/{achievement.pk}/"
    assert achievement.keywords == ["hydrogen", "光催化"]
    page = client.get(response["Location"]).content.decode()
    assert "&lt;b&gt;Hydrogen&lt;/b&gt; from sunlight." in page  # HTML is shown as text


def test_a_bad_form_says_so_and_saves_nothing(cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        "/knowledge/achievements/new/",
        {
            "institution": tsinghua.pk,
            "title": "X",
            "summary": "Y",
            "field": "chemistry",
            "trl": "4",
            "ip_status": "granted",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing is saved yet." in html
    assert "Give the application or patent numbers, one a line." in html
    assert Achievement.objects.count() == 0


def test_the_review_buttons_and_the_matching_challenges(cast, tsinghua, boao, without_model):
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    challenge = build_challenge(cast.partner, boao, secretariat=cast.secretariat)
    html = client_for(cast.partner).get(f"/knowledge/achievements/{achievement.pk}/").content
    html = html.decode()
    assert "Ask about this technology" in html
    assert f'<a href="/knowledge/challenges/{challenge.pk}/">{challenge.title}</a>' in html
    assert "Withdraw to change it" not in html
    own = client_for(cast.coordinator_tsinghua).get(f"/knowledge/achievements/{achievement.pk}/")
    assert "Withdraw to change it" in own.content.decode()


def test_a_challenge_page_lists_matching_achievements_and_experts(
    cast, tsinghua, boao, without_model
):
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    expert = build_expert(cast.coordinator_tsinghua, tsinghua, keywords=["oily wastewater"])
    challenge = build_challenge(cast.partner, boao, secretariat=cast.secretariat)
    html = client_for(cast.student).get(f"/knowledge/challenges/{challenge.pk}/").content.decode()
    assert f'<a href="/knowledge/achievements/{achievement.pk}/">' in html
    assert f'<a href="/knowledge/experts/{expert.pk}/">Dr Lee Min-jun</a>' in html
    assert "same field" in html


def test_moderating_through_the_page(cast, boao):
    challenge = build_challenge(cast.partner, boao)
    client = client_for(cast.secretariat)
    response = client.post(
        f"/knowledge/challenges/{challenge.pk}/moderate/", {"decision": "publish", "note": ""}
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "published"
    assert Challenge.objects.filter(status="published").count() == 1


def test_documents_are_served_only_to_who_may_see_the_achievement(cast, tsinghua):
    draft = build_achievement(cast.coordinator_tsinghua, tsinghua, publish=False)
    document = add_document(
        draft,
        actor=cast.coordinator_tsinghua,
        title="Datasheet",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 secret"),
    )
    url = f"/knowledge/achievements/{draft.pk}/documents/{document.pk}/"
    response = client_for(cast.coordinator_tsinghua).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="achievement-{draft.pk}-{document.pk}.pdf"'
    )
    assert client_for(cast.coordinator_nus).get(url).status_code == 404


def test_private_parts_of_an_expert_are_hidden_from_others(cast, tsinghua):
    expert = build_expert(
        cast.coordinator_tsinghua, tsinghua, bio="Private biography.", private_parts=["bio"]
    )
    url = f"/knowledge/experts/{expert.pk}/"
    assert "Private biography." not in client_for(cast.partner).get(url).content.decode()
    assert "Private biography." in client_for(cast.coordinator_tsinghua).get(url).content.decode()


def test_the_conversation_shows_no_e_mail_address(cast, tsinghua):
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    client = client_for(cast.partner)
    response = client.post(
        f"/knowledge/achievements/{achievement.pk}/inquire/",
        {"subject": "Licence", "message": "We would like a licence."},
    )
    assert response.status_code == 302
    owner = client_for(cast.coordinator_tsinghua)
    html = owner.get(response["Location"]).content.decode()
    assert "We would like a licence." in html
    assert "partner@boao.example.org" not in html
    assert "Boao Forum for Asia" in html
    reply = owner.post(response["Location"], {"message": "Let us talk."})
    assert reply.status_code == 302
    asker_view = client.get(response["Location"]).content.decode()
    assert "Let us talk." in asker_view
    assert "coord@tsinghua.example.org" not in asker_view
    assert "Save the status" not in asker_view
