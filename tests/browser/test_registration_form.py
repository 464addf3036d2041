"""The registration form in a browser: a question asked only after an earlier answer shows and
hides as the answer changes (js/events-conditional.js), with no Content Security Policy problem."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from alliance.events.enums import QuestionKind as K
from alliance.events.enums import RegistrationStatus
from alliance.events.models import Registration
from alliance.events.services.questions import add_question
from tests.browser.conftest import log_in
from tests.events.conftest import make_event

pytestmark = pytest.mark.browser


def test_a_question_appears_only_after_the_answer_it_waits_for(page, cast):
    event = make_event("browser-school")
    visa = add_question(
        event,
        actor=cast.secretariat,
        kind=K.CHOICE,
        key="visa",
        label={"en": "Do you need a visa?"},
        choices=[{"value": "yes", "label": {"en": "Yes"}}, {"value": "no", "label": {"en": "No"}}],
        required=True,
    )
    add_question(
        event,
        actor=cast.secretariat,
        kind=K.FILE,
        key="passport",
        label={"en": "Passport scan"},
        required=True,
        show_if=visa,
        show_if_values=["yes"],
    )
    needs = add_question(
        event, actor=cast.secretariat, kind=K.CONSENT, key="needs", label={"en": "I have needs"}
    )
    add_question(
        event,
        actor=cast.secretariat,
        kind=K.TEXT,
        key="which",
        label={"en": "Which needs?"},
        show_if=needs,
    )
    log_in(page, cast.student)
    page.goto(f"/events/{event.slug}/register/")
    passport = page.locator('[data-show-if="q_visa"]')
    which = page.locator('[data-show-if="q_needs"]')
    expect(passport).to_be_hidden()
    expect(which).to_be_hidden()

    page.get_by_label("Yes").check()
    expect(passport).to_be_visible()
    expect(passport.locator(".condition")).to_have_count(0)  # said in words for readers without JS
    page.get_by_label("No").check()
    expect(passport).to_be_hidden()
    page.get_by_label("I have needs").check()
    expect(which).to_be_visible()

    page.get_by_label("Which needs?").fill("A quiet room")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/events/browser-school/my/$"))
    expect(page.locator(".messages")).to_contain_text("You are registered for Browser School.")
    registration = Registration.objects.get(event=event, user=cast.student)
    assert registration.status == RegistrationStatus.CONFIRMED
    answers = {a.question.key: a.value for a in registration.answers.select_related("question")}
    assert answers == {"visa": "no", "needs": True, "which": "A quiet room"}
