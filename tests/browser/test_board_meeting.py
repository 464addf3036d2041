"""A Board meeting in a browser, from agenda to approved minutes: the Secretariat builds the
agenda, records attendance and opens a poll; Tsinghua's seat holder (its coordinator) votes;
the Secretariat closes the poll, drafts the minutes, edits and circulates them, and records
their approval at the next meeting."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alliance.governance.enums import BodyKind, MeetingMode
from alliance.governance.services.bodies import add_seat, create_body
from alliance.governance.services.meetings import create_meeting
from alliance.members.enums import PositionKind
from alliance.members.models import Person, Position
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def seat_holder(user, institution, name):
    person = Person.objects.create(full_name=name, email=user.email, user=user)
    Position.objects.create(
        person=person,
        institution=institution,
        kind=PositionKind.CHIEF_EXECUTIVE,
        start=datetime.date(2020, 1, 1),
    )
    return person


def test_from_agenda_to_approved_minutes(page, new_page, cast, tsinghua, nus):
    secretariat = cast.secretariat
    board = create_body(actor=secretariat, kind=BodyKind.BOARD, name="Board")
    start = datetime.date(2026, 1, 1)
    for user, member, name in (
        (cast.coordinator_tsinghua, tsinghua, "Wang Tsinghua"),
        (cast.coordinator_nus, nus, "Tan Singapore"),
    ):
        add_seat(
            board,
            actor=secretariat,
            institution=member,
            holder=seat_holder(user, member, name),
            start=start,
        )
    now = timezone.now()
    meeting = create_meeting(
        board,
        actor=secretariat,
        title="Board meeting 2027",
        mode=MeetingMode.IN_PERSON,
        starts_at=now - datetime.timedelta(days=1),
        time_zone="Asia/Shanghai",
        place="Beijing",
    )
    create_meeting(
        board,
        actor=secretariat,
        title="Next Board meeting",
        mode=MeetingMode.IN_PERSON,
        starts_at=now - datetime.timedelta(hours=1),
        time_zone="Asia/Shanghai",
        place="Singapore",
    )

    # The Secretariat builds the agenda and records attendance.
    log_in(page, secretariat)
    page.goto(f"/governance/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Budget 2027")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The item is on the agenda.")
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label(re.compile(r"^Tsinghua University:?$")).select_option(label="Present")
    page.get_by_label(re.compile(r"^National University of Singapore:?$")).select_option(
        label="Present"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main table")).to_contain_text("Present")

    # … and opens a poll on the item.
    page.get_by_role("link", name="Prepare a poll").click()
    page.get_by_label("Question").fill("Adopt the budget for 2027?")
    page.get_by_label("Agenda item").select_option(label="Budget 2027")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Open the poll (freezes rule and electorate)").click()
    expect(page.locator(".messages")).to_contain_text("The poll is open")
    poll_url = page.url

    # Tsinghua's coordinator, who holds its seat, votes yes.
    voter = new_page()
    log_in(voter, cast.coordinator_tsinghua)
    voter.goto(poll_url)
    voter.get_by_label("Yes").check()
    voter.get_by_role("button", name="Cast the ballot").click()
    expect(voter.locator(".messages")).to_contain_text("The ballot of Tsinghua University is cast.")

    # The Secretariat closes and counts.
    page.reload()
    page.get_by_role("button", name="Close the poll and count").click()
    expect(page.locator("main h2", has_text="Result")).to_have_text("Result: Passed")

    # Minutes: drafted from the data, edited, circulated.
    page.goto(f"/governance/meetings/{meeting.pk}/")
    page.get_by_role("link", name="The minutes of this meeting").click()
    page.get_by_role("button", name="Draft the minutes from the meeting's data").click()
    main = page.locator("main")
    expect(main).to_contain_text("Passed: Yes 1, No 0, Abstain 0")
    page.get_by_role("link", name="Edit the minutes").click()
    page.get_by_label("Chaired by").fill("Wang Tsinghua")
    page.get_by_label("1 Budget 2027").fill("The Treasurer presented the budget.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The minutes are saved.")
    expect(main).to_contain_text("The Treasurer presented the budget.")
    page.get_by_role("button", name="Circulate for approval").click()
    expect(page.locator(".minutes-status")).to_contain_text("Circulated for approval")

    # The coordinator reads them; the next meeting approves them on the chair's record.
    voter.goto(f"/governance/meetings/{meeting.pk}/minutes/")
    expect(voter.locator("main")).to_contain_text("The Treasurer presented the budget.")
    page.get_by_role("link", name="Record the approval").click()
    page.get_by_label("Approved at the meeting").select_option(label="Next Board meeting")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text(
        "The minutes are approved; they can no longer change."
    )
    expect(page.locator(".minutes-status")).to_contain_text("Approved")
    expect(main).to_contain_text(re.compile(r"Approved at Next Board meeting on .+\."))
    expect(main).to_contain_text("As recorded by the chair.")
    expect(page.get_by_role("link", name="Edit the minutes")).to_have_count(0)

    # The decision is in the register.
    page.goto("/governance/decisions/")
    expect(page.locator("table.decisions")).to_contain_text("Adopt the budget for 2027?")
    expect(page.locator("table.decisions")).to_contain_text("Passed: Yes 1, No 0, Abstain 0")
