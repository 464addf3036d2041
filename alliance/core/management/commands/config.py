"""`alliance config`: every ALLIANCE_* variable, its value here (secrets hidden) and its help."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from alliance.config import VARIABLES

SECRET_WORDS = ("SECRET", "PASSWORD", "KEY")


def shown(name: str) -> str:
    value = os.environ.get(name) or (
        f"(from {name}_FILE)" if os.environ.get(f"{name}_FILE") else ""
    )
    if value and any(word in name for word in SECRET_WORDS):
        return "(set, hidden)"
    if "://" in value and "@" in value:  # a URL carrying a password
        scheme, rest = value.split("://", 1)
        return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
    return value or "(default)"


class Command(BaseCommand):
    help = "List the environment variables Alliance reads, with their values here."

    def handle(self, *args: Any, **options: Any) -> None:
        for variable in sorted(VARIABLES.values(), key=lambda v: v.name):
            self.stdout.write(f"{variable.name} = {shown(variable.name)}")
            self.stdout.write(f"    {variable.help} [default: {variable.default or 'empty'}]")
