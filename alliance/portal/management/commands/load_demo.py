"""`alliance load-demo`: the demo alliance of every domain. It lives in portal, which reads
every domain, so that no domain imports another."""

from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from alliance.events.services.demo import load_events_demo
from alliance.governance.services.demo import load_governance_demo
from alliance.knowledge.services.demo import load_knowledge_demo
from alliance.members.services.demo import load_demo
from alliance.mobility.services.demo import load_mobility_demo
from alliance.programmes.services.demo import (
    load_outcomes_demo,
    load_programmes_demo,
    load_proposals_demo,
)
from alliance.reports.services.demo import load_reports_demo


class Command(BaseCommand):
    help = "Load the demo alliance (safe to run again: only what is missing is created)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's people have .invalid addresses: nothing is mailed while it loads.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._load()

    def _load(self) -> None:
        created = load_demo()
        self.stdout.write(
            f"Demo alliance ready: {created['institutions']} institutions and {created['users']} users created."
        )
        events = load_events_demo()
        self.stdout.write(
            f"Demo events ready: {events['events']} events, {events['sessions']} sessions and "
            f"{events['registrations']} registrations created."
        )
        self.stdout.write(f"Demo mobility ready: {load_mobility_demo()}.")
        self.stdout.write(f"Demo governance ready: {load_governance_demo()}.")
        self.stdout.write(f"Demo knowledge exchange ready: {load_knowledge_demo()}.")
        self.stdout.write(f"Demo programmes ready: {load_programmes_demo()}.")
        self.stdout.write(f"Demo programmes after the activity ready: {load_outcomes_demo()}.")
        self.stdout.write(f"Demo proposals for new programmes ready: {load_proposals_demo()}.")
        self.stdout.write(f"Demo annual report data ready: {load_reports_demo()}.")
