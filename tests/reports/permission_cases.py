"""Pages of the annual report in the permission matrix (see tests/permission_matrix.py).
Sections per views module."""

from tests.permission_matrix import public


def cases(world) -> list:
    result: list = []
    # --- collection (views/collection.py) ---
    result += collection_cases(world)
    # --- statistics (views/statistics.py) ---
    result += [
        public("reports:handbook", "/report/handbook/"),
        public("reports:statistics", "/report/statistics/?indicator=GER_TERTIARY&country=CHN"),
    ]
    # --- editions (views/editions.py) ---
    result += edition_cases(world)
    return result


# --- collection (views/collection.py) ---
def collection_cases(world) -> list:
    """A 2026 collection in which Tsinghua's submission is in review with an open query."""
    import datetime

    from alliance.reports.services import collection as service
    from tests.permission_matrix import only
    from tests.reports.collection_helpers import answers

    cast = world.cast
    collection = service.open_collection(
        actor=cast.secretariat, year=2026, deadline=datetime.date(2026, 3, 31)
    )
    submission = collection.submissions.get(institution=world.tsinghua)
    service.save_answers(submission, actor=cast.coordinator_tsinghua, answers=answers())
    service.submit_submission(submission, actor=cast.coordinator_tsinghua)
    query = service.raise_query(
        submission, actor=cast.secretariat, code="STU_TOTAL", question="Please confirm."
    )
    sub = f"/report/collections/2026/{world.tsinghua.slug}/"
    staff = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}
    nus = ("coordinator_nus",)
    return [
        only("reports:collections", "/report/collections/", staff),
        only("reports:collection_open", "/report/collections/open/", {"secretariat": 200}),
        only("reports:collection", "/report/collections/2026/", {"secretariat": 200}),
        only("reports:submission", sub, {"coordinator_tsinghua": 200}, elsewhere=nus),
        # Autosave of a submission in review is refused by the service (a one-line status).
        only(
            "reports:submission_autosave",
            f"{sub}autosave/",
            {"coordinator_tsinghua": 200},
            elsewhere=nus,
            method="post",
        ),
        only("reports:review", f"{sub}review/", {"secretariat": 200}),
        # Accepting with an open query is refused by the service (302 with a message).
        only("reports:accept", f"{sub}accept/", {"secretariat": 302}, method="post"),
        only("reports:sign_off", f"{sub}sign-off/", {"coordinator_tsinghua": 200}, elsewhere=nus),
        only("reports:correct", f"{sub}values/STU_TOTAL/correct/", {"secretariat": 200}),
        only(
            "reports:query",
            f"/report/queries/{query.pk}/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=nus,
        ),
    ]


# --- editions (views/editions.py) ---
def edition_cases(world) -> list:
    """The 2026 edition, built and published; the 2025 edition, a draft not built yet."""
    from alliance.reports.services.editions import open_edition
    from tests.permission_matrix import ACTORS, Case, only
    from tests.reports.edition_helpers import built_edition

    secretariat = world.cast.secretariat
    built_edition(secretariat, 2026, publish=True)
    open_edition(actor=secretariat, year=2025)
    hidden = {**dict.fromkeys(ACTORS, 404), "secretariat": 200}
    desk = {"secretariat": 200}
    return [
        public("reports:editions", "/report/"),
        public("reports:edition", "/report/2026/"),
        Case("reports:edition", "/report/2025/", hidden),
        public("reports:edition_pdf", "/report/2026/pdf/"),
        Case("reports:edition_pdf", "/report/2025/pdf/", dict.fromkeys(ACTORS, 404)),
        public("reports:edition_data", "/report/2026/data/"),
        Case("reports:edition_data", "/report/2025/data/", hidden),
        public("reports:edition_data_file", "/report/2026/data/index.json"),
        public("reports:edition_data_file", "/report/2026/data/members.csv"),
        Case(
            "reports:edition_data_file", "/report/2026/data/nothing.csv", dict.fromkeys(ACTORS, 404)
        ),
        only("reports:edition_manage", "/report/2025/manage/", desk),
        only("reports:edition_progress", "/report/2025/progress/", desk),
        only(
            "reports:edition_publish", "/report/2025/publish/", {"secretariat": 302}, method="post"
        ),
        only("reports:edition_build", "/report/2025/build/", {"secretariat": 302}, method="post"),
    ]
