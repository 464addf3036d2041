"""Issue the year's invoices from several threads at the same moment (two clicks at once, and
more). Used by test_fees.py in a separate process with its own database (a file for SQLite, a
fresh database for PostgreSQL). Prints one JSON line of counts."""

import datetime
import json
import os
import threading

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

GUARD = os.environ["RACE_GUARD"] == "on"
CALLERS = int(os.environ.get("RACE_CALLERS", "6"))
if not GUARD and connection.vendor == "sqlite":
    # Without the guard SQLite transactions start DEFERRED, as Django's default does.
    settings.DATABASES["default"]["OPTIONS"].pop("transaction_mode", None)

call_command("migrate", verbosity=0)

from django.db import IntegrityError, OperationalError, connections  # noqa: E402
from django.db.models import Count  # noqa: E402

from alliance.governance.models import Invoice  # noqa: E402
from alliance.governance.services import fees  # noqa: E402
from alliance.members.enums import MembershipStatus  # noqa: E402
from alliance.members.services.institutions import create_institution  # noqa: E402
from alliance.members.services.memberships import record_membership_event  # noqa: E402

fees.ISSUE_GUARD = GUARD
for n in range(15):
    inst = create_institution(actor=None, name=f"University {n:02d}", country="JP")
    record_membership_event(
        inst,
        actor=None,
        status=MembershipStatus.ADMITTED_MEMBER,
        date=datetime.date(2017, 4, 29),
    )
fees.set_fee(actor=None, year=2027, category="member", amount="10000", currency="USD")

barrier = threading.Barrier(CALLERS)
outcomes: list[tuple[str, int]] = []
lock = threading.Lock()


def click() -> None:
    try:
        barrier.wait()
        result = fees.issue_year_invoices(2027, actor=None, due_on=datetime.date(2099, 3, 31))
        outcome = ("ok", len(result.created))
    except IntegrityError:
        outcome = ("integrity", 0)
    except OperationalError:
        outcome = ("locked", 0)
    finally:
        connections.close_all()
    with lock:
        outcomes.append(outcome)


threads = [threading.Thread(target=click) for _ in range(CALLERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

per_institution = Invoice.objects.values("institution").annotate(n=Count("pk"))
print(
    json.dumps(
        {
            "invoices": Invoice.objects.count(),
            "max_per_institution": max((r["n"] for r in per_institution), default=0),
            "numbers": sorted(Invoice.objects.values_list("number", flat=True))[:2],
            "created": sorted(n for kind, n in outcomes if kind == "ok"),
            "errors": sum(1 for kind, _n in outcomes if kind != "ok"),
        }
    )
)
