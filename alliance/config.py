"""Read the settings from environment variables, failing loudly on bad values.

Every variable is named ``ALLIANCE_*``. A secret may instead be given as a file path in
``ALLIANCE_*_FILE`` (for container and systemd secrets); the file's content, stripped, is used.
Every variable read here is listed in ``VARIABLES`` so that the README's configuration table and
``alliance config`` can show them all (see ``core/management/commands/config.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES: dict[str, Variable] = {}


def _declare(name: str, default: str, help_text: str) -> None:
    VARIABLES[name] = Variable(name, default, help_text)


def raw(name: str, default: str, help_text: str) -> str:
    """The variable's text: from NAME, else from the file named by NAME_FILE, else the default."""
    _declare(name, default, help_text)
    if os.environ.get(name, "") != "":  # set but empty counts as unset
        return os.environ[name]
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return default


def text(name: str, default: str, help_text: str) -> str:
    return raw(name, default, help_text)


def boolean(name: str, default: bool, help_text: str) -> bool:
    value = raw(name, "true" if default else "false", help_text).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value; use one of 1, true, yes, on, 0, false, no, off."
    )


def integer(name: str, default: int, help_text: str, *, minimum: int = 0) -> int:
    value = raw(name, str(default), help_text).strip()
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    return number


def words(name: str, default: str, help_text: str) -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [part.strip() for part in raw(name, default, help_text).split(",") if part.strip()]


def choice(name: str, default: str, help_text: str, *, choices: tuple[str, ...]) -> str:
    value = raw(name, default, help_text).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def url(name: str, default: str, help_text: str, *, schemes: tuple[str, ...]) -> str:
    value = raw(name, default, help_text).strip()
    if value and value.split("://", 1)[0] not in schemes:
        raise ImproperlyConfigured(
            f"{name} must start with one of {', '.join(s + '://' for s in schemes)}; "
            f"got {value.split('://', 1)[0]!r}."
        )
    return value


def colour(name: str, default: str, help_text: str) -> str:
    value = raw(name, default, help_text).strip()
    digits = value.removeprefix("#")
    if len(digits) not in (3, 6) or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise ImproperlyConfigured(f"{name}={value!r} is not a colour like #6b1f3a.")
    return "#" + digits.lower()
