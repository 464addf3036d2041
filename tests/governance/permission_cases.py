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
    # --- constitution (views/constitution.py) ---
    result += _constitution_cases(world, board, read, manage, post)
    result += _records_cases(world, board, document, read, manage, post)
    result += _admission_and_fee_cases(world, board, manage, post)
    return result


def _constitution_cases(world, board, read, manage, post) -> list:
    """The text, versions, comparison and clause history are public; amendments are proposed
    by coordinators and the Secretariat, read by governance readers, managed by the
    Secretariat; an amendment is withdrawn by its proposer's coordinators (NUS: 404)."""
    import datetime

    from alliance.governance.services.constitution import (
        create_founding_version,
        propose_amendment,
    )
    from tests.permission_matrix import public

    version = create_founding_version(
        actor=world.cast.secretariat,
        text="# Article 1 Name\n1.1 The name is the Alliance.",
        adopted_on=datetime.date(2017, 4, 29),
        note="Agreed at the preparatory meeting",
    )
    key = version.clauses.get(number="1.1").key
    amendment = propose_amendment(
        key,
        actor=world.cast.coordinator_tsinghua,
        written_against=version,
        kind="replace",
        text="The name is the Asian Universities Alliance.",
        by_institution=world.tsinghua,
    )
    proposers = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}
    base = "/governance/constitution"
    return [
        public("governance:constitution", f"{base}/"),
        public("governance:constitution_version", f"{base}/versions/1/"),
        public("governance:constitution_compare", f"{base}/compare/?from=1&to=1"),
        public("governance:constitution_clause", f"{base}/clauses/{key}/"),
        manage("governance:constitution_found", f"{base}/found/", 302),
        only("governance:amend", f"{base}/clauses/{key}/amend/", proposers),
        only(
            "governance:amend_preview",
            f"{base}/clauses/{key}/amend/preview/",
            proposers,
            method="post",
            data={"kind": "replace", "text": "New."},
        ),
        read("governance:amendments", f"{base}/amendments/"),
        read("governance:amendment", f"{base}/amendments/{amendment.pk}/"),
        post("governance:amendment_move", f"{base}/amendments/motion/"),
        post("governance:amendment_adopt", f"{base}/amendments/{amendment.pk}/adopt/"),
        only(
            "governance:amendment_withdraw",
            f"{base}/amendments/{amendment.pk}/withdraw/",
            {"secretariat": 302, "coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
        ),
    ]


# --- minutes, decision register, written resolutions, casting vote ---


def _records_cases(world, board, document, read, manage, post) -> list:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from alliance.core.hashing import hash_secret
    from alliance.governance.models import Poll, VotingLink
    from alliance.governance.services.documents import attach_document
    from alliance.governance.services.minutes import circulate_minutes, draft_minutes
    from alliance.governance.services.motions import create_motion, set_motion_status
    from alliance.governance.services.written import open_written_resolution
    from tests.permission_matrix import public

    secretariat = world.cast.secretariat
    meeting = board.meeting.pk
    circulate_minutes(draft_minutes(board.meeting, actor=secretariat), actor=secretariat)
    motion = create_motion(
        actor=secretariat, title="Admit Y", text="That Y be admitted.", by_body=board.body
    )
    set_motion_status(motion, actor=secretariat, status="submitted")
    paper = attach_document(
        actor=secretariat,
        title="Y's file",
        upload=SimpleUploadedFile("y.pdf", b"%PDF-1.4 y", "application/pdf"),
        motion=motion,
    )
    written = open_written_resolution(
        board.body,
        actor=secretariat,
        motion=motion,
        deadline=timezone.now() + datetime.timedelta(days=7),
        secrecy="named",
        threshold="simple",
        base="cast",
        tie_rule="fails",
    )
    link = VotingLink.objects.filter(resolution=written).first()
    VotingLink.objects.filter(pk=link.pk).update(secret_hash=hash_secret("case-secret"))
    poll = Poll.objects.exclude(pk=written.poll_id).first()
    base = f"/governance/meetings/{meeting}/minutes"
    return [
        read("governance:minutes", f"{base}/"),
        post("governance:minutes_draft", f"{base}/draft/"),
        manage("governance:minutes_edit", f"{base}/edit/"),
        post("governance:minutes_regenerate", f"{base}/regenerate/"),
        post("governance:minutes_circulate", f"{base}/circulate/"),
        manage("governance:minutes_approve", f"{base}/approve/"),
        read("governance:minutes_pdf", f"/governance/meetings/{meeting}/minutes.pdf"),
        read("governance:decisions", "/governance/decisions/?q=budget&year=2027"),
        read("governance:decisions_csv", "/governance/decisions.csv"),
        post("governance:poll_casting_vote", f"/governance/polls/{poll.pk}/casting-vote/"),
        read("governance:written_list", "/governance/written/"),
        manage("governance:written_add", "/governance/written/new/"),
        read("governance:written", f"/governance/written/{written.pk}/"),
        # Reached by the personal link, without logging in.
        public("governance:written_vote", "/governance/vote/case-secret/"),
        public(
            "governance:written_document",
            f"/governance/vote/case-secret/documents/{paper.pk}/",
        ),
    ]


# --- admissions, membership cases, fees (views/admissions.py, membership_cases.py, fees.py)
def _admission_and_fee_cases(world, board, manage, post) -> list:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.governance.services import fees, membership_cases
    from alliance.governance.services.admissions import submit_application
    from tests.permission_matrix import ACTORS, Case, public

    secretariat = world.cast.secretariat
    coordinators = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}

    def applying(name: str):
        return submit_application(
            actor=None,
            letter=SimpleUploadedFile("l.pdf", b"%PDF-1.4 letter", "application/pdf"),
            institution_name=name,
            country="MN",
            contact_name="Contact",
            contact_email="contact@example.org",
            category="observer",
            motivation="To join.",
        )

    application, secret = applying("National University of Mongolia")
    leaving, leaving_secret = applying("Mandakh University")
    a = f"/governance/admissions/{application.pk}"
    suspension = membership_cases.open_suspension(
        world.tsinghua, actor=secretariat, reason="Fees unpaid."
    )
    notice = membership_cases.give_withdrawal_notice(
        world.tsinghua, actor=secretariat, reason="Letter.", effective_on=datetime.date(2030, 1, 1)
    )
    other = membership_cases.open_suspension(world.nus, actor=secretariat, reason="Fees unpaid.")
    fees.set_fee(actor=secretariat, year=2027, category="member", amount="100", currency="USD")
    invoices = fees.issue_year_invoices(2027, actor=secretariat, due_on=datetime.date(2099, 1, 1))
    invoice = next(i for i in invoices.created if i.institution == world.tsinghua)
    i = f"/governance/invoices/{invoice.pk}"
    own = {**coordinators, "coordinator_nus": 404}
    return [
        # The public form and the applicant's private page need no login.
        public("governance:apply", "/governance/apply/"),
        public("governance:apply_follow", f"/governance/apply/{secret}/"),
        Case(
            "governance:apply_withdraw",
            f"/governance/apply/{leaving_secret}/withdraw/",
            dict.fromkeys(ACTORS, 302),
            method="post",
        ),
        manage("governance:admissions", "/governance/admissions/"),
        manage("governance:admission_invite", "/governance/admissions/invite/"),
        manage("governance:admission", f"{a}/"),
        manage("governance:admission_letter", f"{a}/letter/"),
        post("governance:admission_review", f"{a}/review/", {"body": "0"}),
        # Only a member of the reviewing group recommends; nobody of the cast sits on one.
        only("governance:admission_recommend", f"{a}/recommend/", {}),
        manage("governance:admission_conclude", f"{a}/conclude/"),
        manage("governance:admission_board", f"{a}/board/"),
        post("governance:admission_decide", f"{a}/decide/"),
        post("governance:admission_withdraw", f"/governance/admissions/{leaving.pk}/withdraw/"),
        only("governance:cases", "/governance/membership-cases/", coordinators),
        manage("governance:case_suspend", "/governance/membership-cases/suspend/"),
        only(
            "governance:case_withdrawal_notice",
            "/governance/membership-cases/withdraw/",
            coordinators,
        ),
        only("governance:case", f"/governance/membership-cases/{notice.pk}/", own),
        manage("governance:case_board", f"/governance/membership-cases/{suspension.pk}/board/"),
        post("governance:case_decide", f"/governance/membership-cases/{suspension.pk}/decide/"),
        # A coordinator cancels its own withdrawal notice only, not a suspension.
        only(
            "governance:case_cancel",
            f"/governance/membership-cases/{other.pk}/cancel/",
            {"secretariat": 302, "coordinator_nus": 403},
            elsewhere=("coordinator_tsinghua",),
            method="post",
        ),
        only("governance:fees", "/governance/fees/?year=2027", coordinators),
        manage("governance:fee_set", "/governance/fees/2027/schedule/"),
        post("governance:fees_issue", "/governance/fees/2027/issue/", {"due_on": "2099-01-01"}),
        manage("governance:fees_export", "/governance/fees/2027/invoices.csv"),
        only("governance:invoice", f"{i}/", own),
        only("governance:invoice_pdf", f"{i}/invoice.pdf", own),
        manage("governance:invoice_payment", f"{i}/payment/"),
        manage("governance:invoice_extend", f"{i}/extend/"),
        post("governance:invoice_waive", f"{i}/waive/", {"note": ""}),
        post("governance:invoice_cancel", f"{i}/cancel/", {"note": ""}),
    ]
