"""Pages of the governance domain in the permission matrix (see tests/permission_matrix.py).
Governance is read by the Secretariat and the coordinators (and by people who sit on a body);
the Secretariat manages everything. Sections per views module."""

from tests.permission_matrix import Case, only

READERS = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}


def cases(world) -> list:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.governance.services.documents import attach_document
    from alliance.governance.services.motions import create_motion
    from alliance.governance.services.polls import create_poll
    from tests.governance.conftest import build_board

    secretariat = world.cast.secretariat
    board = build_board(secretariat, world.tsinghua, world.nus)
    body, meeting, item = board.body.pk, board.meeting.pk, board.item.pk
    seat, office_holder = board.seats[0], board.seats[0].holder
    from alliance.governance.services.bodies import add_office

    office = add_office(
        board.body, actor=secretariat, kind="president", person=office_holder, start=seat.start
    )
    motion = create_motion(
        actor=secretariat, title="Admit X", text="That X be admitted.", by_body=board.body
    )
    document = attach_document(
        actor=secretariat,
        title="Report",
        upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 report", "application/pdf"),
        agenda_item=board.item,
    )
    poll = create_poll(
        board.body,
        actor=secretariat,
        agenda_item=board.item,
        title="Agree?",
        kind="yes_no",
        secrecy="named",
        threshold="simple",
        base="cast",
        quorum_basis="present",
        tie_rule="fails",
    )

    def read(name: str, url: str) -> Case:
        return only(name, url, READERS)

    def manage(name: str, url: str, status: int = 200, **kw) -> Case:
        return only(name, url, {"secretariat": status}, **kw)

    def post(name: str, url: str, data: dict | None = None) -> Case:
        return manage(name, url, 302, method="post", data=data or {})

    result: list = []
    # --- bodies (views/bodies.py) ---
    result += [
        read("governance:bodies", "/governance/"),
        manage("governance:body_add", "/governance/bodies/new/"),
        read("governance:body", f"/governance/bodies/{body}/?on=2026-06-01"),
        manage("governance:seat_add", f"/governance/bodies/{body}/seats/new/"),
        post("governance:seat_end", f"/governance/seats/{seat.pk}/end/", {"end": "bogus"}),
        manage("governance:office_add", f"/governance/bodies/{body}/offices/new/"),
        post("governance:office_end", f"/governance/offices/{office.pk}/end/", {"end": "bogus"}),
    ]
    # --- meetings (views/meetings.py) ---
    result += [
        manage("governance:meeting_add", f"/governance/bodies/{body}/meetings/new/"),
        read("governance:meeting", f"/governance/meetings/{meeting}/"),
        post("governance:meeting_notice", f"/governance/meetings/{meeting}/notice/"),
        manage("governance:agenda_item_add", f"/governance/meetings/{meeting}/items/new/"),
        manage("governance:attendance", f"/governance/meetings/{meeting}/attendance/"),
        manage("governance:document_add", f"/governance/items/{item}/documents/new/"),
        manage("governance:motion_document_add", f"/governance/motions/{motion.pk}/documents/new/"),
        read("governance:document", f"/governance/documents/{document.pk}/"),
    ]
    # --- motions (views/motions.py) ---
    result += [
        read("governance:motions", "/governance/motions/"),
        manage("governance:motion_add", "/governance/motions/new/"),
        read("governance:motion", f"/governance/motions/{motion.pk}/"),
        post(
            "governance:motion_status",
            f"/governance/motions/{motion.pk}/status/",
            {"status": "bogus"},
        ),
    ]
    # --- polls (views/polls.py) ---
    result += [
        manage("governance:poll_add", f"/governance/meetings/{meeting}/polls/new/"),
        read("governance:poll", f"/governance/polls/{poll.pk}/"),
        post("governance:poll_close", f"/governance/polls/{poll.pk}/close/"),
        post("governance:poll_open", f"/governance/polls/{poll.pk}/open/"),
        # Readers without a ballot are sent back to the poll with a message.
        only(
            "governance:poll_cast",
            f"/governance/polls/{poll.pk}/ballot/",
            dict.fromkeys(READERS, 302),
            method="post",
            data={"institution": "0", "choice": "yes"},
        ),
    ]
    return result
