"""Pages of the mobility domain in the permission matrix (see tests/permission_matrix.py).
Sections per views module. The round is among Tsinghua and NUS, the agreement between them;
the cast's student may apply (naming their home)."""

from tests.permission_matrix import ACTORS, LOGIN, Case, logged_in, only


def cases(world) -> list:
    from alliance.members.enums import Role
    from alliance.mobility.services.rounds import submit_application
    from tests.conftest import make_user
    from tests.mobility.conftest import build_agreement, build_round

    secretariat = world.cast.secretariat
    round_ = build_round(secretariat, [world.tsinghua, world.nus])
    draft = build_round(secretariat, [world.tsinghua, world.nus], status="draft")
    host = round_.hosts.get(institution=world.nus)
    applicant = make_user("matrix@students.nus.example.org", Role.APPLICANT, world.nus)
    application = submit_application(
        round_, actor=applicant, home=world.nus, study_level="6", hosts=[world.tsinghua]
    )
    agreement = build_agreement(world.cast.coordinator_tsinghua, world.tsinghua, world.nus)
    r, d, a = round_.pk, draft.pk, agreement.pk
    both = {"coordinator_tsinghua": 200, "coordinator_nus": 200}
    nobody_else_404 = dict.fromkeys(ACTORS, 404)
    nobody_else_404["anonymous"] = LOGIN
    result: list = []
    # --- rounds (views/rounds.py) ---
    result += [
        logged_in("mobility:rounds", "/mobility/"),
        logged_in("mobility:round", f"/mobility/rounds/{r}/"),
        Case("mobility:round", f"/mobility/rounds/{d}/", {**nobody_else_404, "secretariat": 200}),
        only("mobility:round_add", "/mobility/rounds/new/", {"secretariat": 200}),
        only("mobility:round_host", f"/mobility/rounds/{r}/hosts/{host.pk}/", {"secretariat": 200}),
        only(
            "mobility:round_status",
            f"/mobility/rounds/{r}/status/",
            {"secretariat": 302},
            method="post",
            data={"status": "bogus"},
        ),
    ]
    # --- applications and nominations (views/applications.py) ---
    result += [
        only("mobility:apply", f"/mobility/rounds/{r}/apply/", {"student": 200}),
        only("mobility:nominations", f"/mobility/rounds/{r}/nominations/", both),
        # NUS's coordinator ranks NUS's applicant; Tsinghua's may rank, but not that one.
        only(
            "mobility:nomination_move",
            f"/mobility/rounds/{r}/nominations/{application.pk}/move/",
            {"coordinator_nus": 302},
            elsewhere=("coordinator_tsinghua",),
            method="post",
            data={"direction": "up"},
        ),
    ]
    # --- runs (views/runs.py) ---
    result += [
        only("mobility:runs", f"/mobility/rounds/{r}/runs/", {"secretariat": 200, **both}),
        # Nobody has a place in an unpublished round: the answer page is 404 for all.
        Case(
            "mobility:placement_respond",
            f"/mobility/rounds/{r}/answer/",
            nobody_else_404,
            method="post",
        ),
        only("mobility:run", "/mobility/runs/999999/", {}, elsewhere=("secretariat", *both)),
        only(
            "mobility:run_publish",
            "/mobility/runs/999999/publish/",
            {},
            elsewhere=("secretariat",),
            method="post",
        ),
    ]
    # --- agreements (views/agreements.py) ---
    result += [
        only("mobility:agreements", "/mobility/agreements/", {"secretariat": 200, **both}),
        only("mobility:agreement_add", "/mobility/agreements/new/", {"secretariat": 200, **both}),
        only("mobility:agreement", f"/mobility/agreements/{a}/", {"secretariat": 200, **both}),
        only(
            "mobility:agreement_edit",
            f"/mobility/agreements/{a}/edit/",
            {"secretariat": 200, **both},
        ),
        only(
            "mobility:agreement_approve",
            f"/mobility/agreements/{a}/approve/",
            {"coordinator_tsinghua": 302, "coordinator_nus": 302},
            method="post",
            data={"fingerprint": "stale"},
        ),
        only(
            "mobility:agreement_ewp",
            f"/mobility/agreements/{a}/ewp.json",
            {"secretariat": 200, **both},
        ),
    ]
    # --- mobility records and the balance ledger (views/mobilities.py) ---
    # The cast's student goes from NUS to Tsinghua (swapped with a Tsinghua student).
    m = _mobility_of_the_cast_student(world).pk
    taking_part = {"secretariat": 200, "student": 200, **both}
    outsiders = ("reviewer", "partner", "outsider")
    result += [
        logged_in("mobility:mobilities", "/mobility/mobilities/"),
        only("mobility:mobility", f"/mobility/mobilities/{m}/", taking_part, elsewhere=outsiders),
        only(
            "mobility:mobility_dates",
            f"/mobility/mobilities/{m}/dates/",
            {"secretariat": 200, **both},
        ),
        only(
            "mobility:learning_agreement",
            f"/mobility/mobilities/{m}/learning-agreement/",
            {"student": 200, **both},
            elsewhere=("secretariat", *outsiders),
        ),
        only(
            "mobility:learning_agreement_sign",
            f"/mobility/mobilities/{m}/learning-agreement/sign/",
            dict.fromkeys(taking_part, 302),
            elsewhere=outsiders,
            method="post",
            data={"party": "host", "fingerprint": "stale"},
        ),
        only(
            "mobility:mobility_cancel",
            f"/mobility/mobilities/{m}/cancel/",
            dict.fromkeys(taking_part, 302),
            elsewhere=outsiders,
            method="post",
            data={"reason": ""},
        ),
        only("mobility:balances", "/mobility/balances/", {"secretariat": 200, **both}),
        only(
            "mobility:nominations_ewp",
            f"/mobility/rounds/{r}/nominations.json",
            {"secretariat": 200, **both},
        ),
    ]
    return result


def _mobility_of_the_cast_student(world):
    from alliance.members.enums import Role
    from alliance.mobility.enums import Mechanism, RoundStatus
    from alliance.mobility.models import Mobility, Placement
    from alliance.mobility.services.rounds import set_round_status, submit_application
    from alliance.mobility.services.runs import publish_run, respond_to_placement, run_allocation
    from tests.conftest import make_user
    from tests.mobility.conftest import build_round

    secretariat = world.cast.secretariat
    round_ = build_round(secretariat, [world.tsinghua, world.nus], places=1)
    mine = submit_application(
        round_, actor=world.cast.student, home=world.nus, study_level="6", hosts=[world.tsinghua]
    )
    other = make_user("swap@students.tsinghua.example.org", Role.APPLICANT)
    submit_application(round_, actor=other, home=world.tsinghua, study_level="6", hosts=[world.nus])
    round_ = set_round_status(round_, actor=secretariat, status=RoundStatus.CLOSED)
    publish_run(
        run_allocation(round_, actor=secretariat, mechanism=Mechanism.TS_TTC), actor=secretariat
    )
    placement = Placement.objects.get(application=mine)
    respond_to_placement(placement, actor=world.cast.student, accept=True)
    return Mobility.objects.get(placement=placement)
