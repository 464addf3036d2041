"""The questions of a registration form (``services.questions``) and their editor page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry
from alliance.events.enums import QuestionKind as K
from alliance.events.models import Answer, Question
from alliance.events.services.questions import (
    add_question,
    delete_question,
    move_question,
    update_question,
)
from alliance.events.services.registrations import register
from tests.conftest import client_for, make_user
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
LUNCH = [
    {"value": "meat", "label": {"en": "Meat", "zh-hans": "荤"}},
    {"value": "veg", "label": {"en": "Vegetarian", "zh-hans": "素食", "ar": "نباتي"}},
]


@pytest.fixture
def event(db):
    return make_event("workshop")


@pytest.fixture
def ask(event, cast):
    def add(kind=K.TEXT, key="q", **kwargs):
        kwargs.setdefault("label", {"en": key.title()})
        return add_question(event, actor=cast.secretariat, kind=kind, key=key, **kwargs)

    return add


def order(event) -> list[str]:
    return list(Question.objects.filter(event=event).values_list("key", flat=True))


# Adding ----------------------------------------------------------------------------------------


def test_questions_are_added_at_the_end_in_several_languages_and_audited(ask, event, cast):
    first = ask(K.TEXT, "badge_title", label={"en": "Title", "zh-hans": "职务", "ar": " "})
    second = ask(K.CHOICE, "Lunch Choice", choices=LUNCH, help_text={"en": "For the caterer"})
    assert (first.position, second.position) == (1, 2)
    assert first.label == {"en": "Title", "zh-hans": "职务"}  # blank languages dropped
    assert second.key == "lunch_choice"
    assert second.help == {"en": "For the caterer"}
    assert second.choices == LUNCH
    entry = AuditEntry.objects.get(action="events.question.add", object_id=str(second.pk))
    assert entry.actor == cast.secretariat
    assert entry.after["key"] == "lunch_choice"


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"label": {}}, {"label": ["Write the question, in at least one language."]}),
        (
            {"key": "!!"},
            {"key": ["Give the question a short key of letters, digits and _ (used in exports)."]},
        ),
        ({"kind": K.CHOICE}, {"choices": ["Give at least one choice."]}),
        (
            {"kind": K.MULTIPLE, "choices": [{"value": "a"}, {"value": "a "}]},
            {"choices": ["Two choices have the value “a”; each value must be different."]},
        ),
        (
            {"kind": K.CHOICE, "choices": [{"value": " "}]},
            {"choices": ["Every choice needs a value."]},
        ),
        ({"kind": "essay"}, {"kind": ["Choose a kind of question."]}),
    ],
)
def test_a_question_must_make_sense(ask, event, kwargs, errors):
    arguments = {"kind": K.TEXT, "key": "q", "label": {"en": "Q"}, **kwargs}
    with pytest.raises(ValidationError) as refused:
        ask(**arguments)
    assert refused.value.message_dict == errors
    assert not Question.objects.filter(event=event).exists()


def test_keys_are_unique_within_an_event(ask, event, cast):
    ask(K.TEXT, "diet")
    with pytest.raises(ValidationError) as twice:
        ask(K.TEXT, "diet")
    assert twice.value.message_dict == {
        "key": ["Another question of this event has the key “diet”."]
    }
    other = make_event("other-workshop")
    add_question(other, actor=cast.secretariat, kind=K.TEXT, key="diet", label={"en": "Diet"})


# Conditions ----------------------------------------------------------------------------------


def test_a_condition_names_an_earlier_choice_and_its_values(ask):
    lunch = ask(K.CHOICE, "lunch", choices=LUNCH)
    detail = ask(K.TEXT, "allergies", show_if=lunch, show_if_values=["veg", " veg"])
    assert detail.show_if == lunch
    assert detail.show_if_values == ["veg"]


def test_a_condition_on_a_consent_waits_for_it_to_be_given(ask):
    needs = ask(K.CONSENT, "access_needs")
    detail = ask(K.LONG_TEXT, "which_needs", show_if=needs, show_if_values=["whatever"])
    assert detail.show_if_values == ["yes"]


def test_a_condition_on_text_or_an_unknown_choice_is_refused(ask, event):
    name = ask(K.TEXT, "nickname")
    lunch = ask(K.CHOICE, "lunch", choices=LUNCH)
    with pytest.raises(ValidationError) as on_text:
        ask(K.TEXT, "more", show_if=name, show_if_values=["x"])
    assert on_text.value.message_dict == {
        "show_if": ["A question can depend only on a choice, several choices or a consent."]
    }
    with pytest.raises(ValidationError) as unknown:
        ask(K.TEXT, "more", show_if=lunch, show_if_values=["fish"])
    assert unknown.value.message_dict == {
        "show_if_values": ["“Lunch” has no choice fish. Its choices: meat, veg."]
    }
    with pytest.raises(ValidationError) as none:
        ask(K.TEXT, "more", show_if=lunch, show_if_values=[])
    assert none.value.message_dict == {
        "show_if_values": ["Name the answers that make this question appear."]
    }


def test_a_condition_must_point_back_not_forward(ask, cast):
    first = ask(K.TEXT, "first")
    later = ask(K.CHOICE, "later", choices=LUNCH)
    with pytest.raises(ValidationError) as forward:
        update_question(
            first,
            actor=cast.secretariat,
            kind=K.TEXT,
            key="first",
            label={"en": "First"},
            show_if=later,
            show_if_values=["veg"],
        )
    assert forward.value.message_dict == {
        "show_if": ["A question can depend only on a question asked before it."]
    }


def test_a_question_others_depend_on_keeps_what_they_wait_for(ask, cast):
    lunch = ask(K.CHOICE, "lunch", choices=LUNCH)
    ask(K.TEXT, "allergies", label={"en": "Allergies"}, show_if=lunch, show_if_values=["veg"])
    with pytest.raises(ValidationError) as to_text:
        update_question(lunch, actor=cast.secretariat, kind=K.TEXT, key="lunch", label={"en": "L"})
    assert to_text.value.message_dict == {
        "kind": [
            "“Allergies” depends on this question, so it must stay a choice, several choices or "
            "a consent."
        ]
    }
    with pytest.raises(ValidationError) as dropped:
        update_question(
            lunch,
            actor=cast.secretariat,
            kind=K.CHOICE,
            key="lunch",
            label={"en": "L"},
            choices=[LUNCH[0]],
        )
    assert dropped.value.message_dict == {
        "choices": ["“Allergies” depends on the choice veg; keep it or change that question first."]
    }
    changed = update_question(
        lunch,
        actor=cast.secretariat,
        kind=K.MULTIPLE,
        key="lunch",
        label={"en": "Lunch"},
        choices=[*LUNCH, {"value": "fish", "label": {"en": "Fish"}}],
    )
    assert changed.kind == K.MULTIPLE
    entry = AuditEntry.objects.get(action="events.question.update")
    assert (entry.before["kind"], entry.after["kind"]) == ("choice", "multiple")


# Moving and removing -------------------------------------------------------------------------


def test_questions_move_but_never_above_what_they_depend_on(ask, event, cast):
    lunch = ask(K.CHOICE, "lunch", choices=LUNCH)
    allergies = ask(
        K.TEXT, "allergies", label={"en": "Allergies"}, show_if=lunch, show_if_values=["veg"]
    )
    shirt = ask(K.TEXT, "shirt")
    move_question(shirt, actor=cast.secretariat, offset=-1)
    assert order(event) == ["lunch", "shirt", "allergies"]
    move_question(shirt, actor=cast.secretariat, offset=-1)
    assert order(event) == ["shirt", "lunch", "allergies"]
    with pytest.raises(ValidationError) as above:
        move_question(allergies, actor=cast.secretariat, offset=-1)
    assert above.value.messages == ["“Allergies” depends on “Lunch” and must come after it."]
    assert order(event) == ["shirt", "lunch", "allergies"]
    assert list(Question.objects.filter(event=event).values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]


def test_removing_a_question_takes_its_answers_unless_others_depend_on_it(ask, event, cast):
    lunch = ask(K.CHOICE, "lunch", choices=LUNCH)
    allergies = ask(
        K.TEXT, "allergies", label={"en": "Allergies"}, show_if=lunch, show_if_values=["veg"]
    )
    registration = register(event, actor=make_user("ana@example.org"), name="Ana")
    Answer.objects.create(registration=registration, question=allergies, value="Nuts")
    with pytest.raises(ValidationError) as needed:
        delete_question(lunch, actor=cast.secretariat)
    assert needed.value.messages == [
        "“Allergies” is asked depending on this question; change or remove it first."
    ]
    assert delete_question(allergies, actor=cast.secretariat) == 1
    assert order(event) == ["lunch"]
    assert Answer.objects.count() == 0
    entry = AuditEntry.objects.get(action="events.question.delete")
    assert entry.after == {"answers_removed": 1}
    assert entry.before["key"] == "allergies"


# The editor page -----------------------------------------------------------------------------


def test_the_editor_adds_a_question_with_labels_in_each_language(event, cast):
    client = client_for(cast.secretariat)
    url = f"/events/{event.slug}/questions/"
    response = client.post(
        url,
        {
            "label_0": "Lunch",
            "label_1": "午餐",
            "label_2": "",
            "help_text_0": "",
            "help_text_1": "",
            "help_text_2": "",
            "kind": K.CHOICE,
            "key": "lunch",
            "choices": "meat | Meat | 荤\nveg | Vegetarian | 素食 | نباتي\n\n",
            "show_if": "",
            "show_if_values": "",
            "required": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    question = Question.objects.get(event=event)
    assert question.label == {"en": "Lunch", "zh-hans": "午餐"}
    assert question.required is True
    assert question.choices == LUNCH
    page = client.get(url).content.decode()
    assert "Lunch" in page
    assert "<code>lunch</code>" in page


def test_the_editor_shows_what_the_service_refuses_and_saves_nothing(ask, event, cast):
    lunch = ask(K.CHOICE, "lunch", choices=LUNCH)
    client = client_for(cast.secretariat)
    response = client.post(
        f"/events/{event.slug}/questions/",
        {
            "label_0": "Allergies",
            "kind": K.TEXT,
            "key": "allergies",
            "show_if": str(lunch.pk),
            "show_if_values": "fish",
        },
    )
    assert response.status_code == 200
    assert "“Lunch” has no choice fish. Its choices: meat, veg." in response.content.decode()
    assert order(event) == ["lunch"]


def test_the_editor_changes_moves_and_removes(ask, event, cast):
    first = ask(K.TEXT, "first")
    second = ask(K.TEXT, "second")
    client = client_for(cast.secretariat)
    edit = client.get(f"/events/{event.slug}/questions/{first.pk}/")
    assert 'value="first"' in edit.content.decode()
    saved = client.post(
        f"/events/{event.slug}/questions/{first.pk}/",
        {"label_0": "Your title", "kind": K.TEXT, "key": "title"},
    )
    assert saved.status_code == 302
    first.refresh_from_db()
    assert (first.key, first.label) == ("title", {"en": "Your title"})
    client.post(f"/events/{event.slug}/questions/{second.pk}/move/", {"direction": "up"})
    assert order(event) == ["second", "title"]
    confirm = client.get(f"/events/{event.slug}/questions/{second.pk}/delete/")
    assert "The 0 answers given to it go too." in confirm.content.decode()
    client.post(f"/events/{event.slug}/questions/{second.pk}/delete/")
    assert order(event) == ["title"]


def test_another_events_question_is_not_found_here(ask, event, cast):
    other = make_event("elsewhere")
    stranger = add_question(other, actor=cast.secretariat, kind=K.TEXT, key="x", label={"en": "X"})
    response = client_for(cast.secretariat).get(f"/events/{event.slug}/questions/{stranger.pk}/")
    assert response.status_code == 404
