"""``alliance allocate --input round.json [--mechanism ts-ttc|da|max-volume] [--output
result.json]``: allocate a round described in JSON (docs/dev/allocation.md) and write the result.

A round that cannot be allocated (malformed JSON, a missing key, an unknown host, a student in
two priority lists, …) prints every problem, one line each, exits with code 2 and writes
nothing. Without ``--output`` the result goes to standard output.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.mobility.engine import MECHANISMS, InputError, allocate, result_to_json
from alliance.mobility.engine.io import instance_from_text

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Allocate a round of exchange places from a JSON file (see docs/dev/allocation.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="the round, as JSON")
        parser.add_argument(
            "--mechanism",
            choices=tuple(MECHANISMS),
            default="ts-ttc",
            help="ts-ttc (balanced, the default), da (deferred acceptance, not balanced) or "
            "max-volume (most exchanges; ignores home priority)",
        )
        parser.add_argument(
            "--output", type=Path, help="where to write the result (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path | None = options["output"]
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {source}: {exc}", returncode=BAD_INPUT) from None
        if target is not None and not target.parent.is_dir():
            raise CommandError(
                f"no folder {target.parent} to write {target.name} in", returncode=BAD_INPUT
            )
        try:
            instance = instance_from_text(text)
        except InputError as exc:
            lines = "\n".join(f"  {problem}" for problem in exc.problems)
            raise CommandError(
                f"{source} cannot be allocated ({_problems(len(exc.problems))}):\n{lines}",
                returncode=BAD_INPUT,
            ) from None

        result = allocate(instance, options["mechanism"])
        data = result_to_json(result)
        summary = data["summary"]
        document = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if target is None:
            self.stdout.write(document, ending="")
            return
        _write_atomically(target, document)
        self.stdout.write(
            f"{result.mechanism}: {summary['placed']} of {summary['students']} students placed, "
            f"{summary['first_choice_share']:.1%} at their first choice, total imbalance "
            f"{summary['total_imbalance']}; result written to {target}"
        )


def _write_atomically(target: Path, text: str) -> None:
    """Write to a temporary file beside ``target``, then rename it: a reader never sees half a
    result, and a failure leaves no file behind."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _problems(count: int) -> str:
    return "1 problem" if count == 1 else f"{count} problems"
