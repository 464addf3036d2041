"""The documentation stays true: every setting is in the README's configuration table, and every
`make` target it tells the reader to run exists."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from alliance.config import VARIABLES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
# Other pages that tell the reader to run `make …`.
DOCS_NAMING_MAKE_TARGETS = (
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "docs" / "dev" / "architecture.md",
    ROOT / "docs" / "dev" / "testing.md",
)

# Production mode reads a few more variables (HSTS, HTTPS redirect) than the development mode
# the tests run in; ask a fresh process in production mode for its list.
PRODUCTION_SCRIPT = (
    "import django; django.setup(); from alliance.config import VARIABLES; print(*VARIABLES)"
)


def table_variables() -> list[str]:
    """The variables named in the first column of the README's configuration table."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Configuration\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Configuration' section"
    return re.findall(r"^\|\s*`(ALLIANCE_[A-Z0-9_]+)`\s*\|", section.group(1), re.MULTILINE)


def production_variables(tmp_path: Path) -> set[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")},
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_MODE": "production",
        "ALLIANCE_SECRET_KEY": "documentation-test-secret-key-of-some-length",
        "ALLIANCE_FIELD_ENCRYPTION_KEY": "ZmllbGQtZW5jcnlwdGlvbi1rZXktZm9yLXRlc3RzLTA=",
        "ALLIANCE_ALLOWED_HOSTS": "alliance.example.org",
        "ALLIANCE_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def makefile_targets() -> set[str]:
    """Targets that have a rule in the Makefile (not merely a .PHONY mention)."""
    targets: set[str] = set()
    for line in MAKEFILE.read_text(encoding="utf-8").splitlines():
        rule = re.match(r"^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?!=)", line)
        if rule:
            targets.update(t for t in rule.group(1).split() if not t.startswith("."))
    return targets


def make_commands(text: str) -> set[str]:
    """The targets of `make …` commands written as code: inline code and fenced blocks."""
    code = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    code += re.findall(r"`([^`\n]+)`", prose)
    return {
        m for chunk in code for m in re.findall(r"(?<![\w./-])make[ \t]+([A-Za-z0-9_-]+)", chunk)
    }


@pytest.fixture(scope="module")
def variables_read(tmp_path_factory) -> set[str]:
    """Every variable the settings read, in development mode (this process) or production."""
    assert settings.SECRET_KEY  # reading a setting runs the settings module in this process
    return set(VARIABLES) | production_variables(tmp_path_factory.mktemp("production"))


def test_the_configuration_table_lists_every_variable_the_settings_read(variables_read):
    assert sorted(variables_read - set(table_variables())) == []


def test_the_configuration_table_lists_no_variable_the_settings_do_not_read(variables_read):
    assert sorted(set(table_variables()) - variables_read) == []


def test_the_configuration_table_lists_each_variable_once():
    names = table_variables()
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_every_make_target_the_docs_name_exists_in_the_makefile():
    targets = makefile_targets()
    missing = {
        f"{path.relative_to(ROOT)}: make {target}"
        for path in DOCS_NAMING_MAKE_TARGETS
        if path.exists()
        for target in make_commands(path.read_text(encoding="utf-8"))
        if target not in targets
    }
    assert sorted(missing) == []


def test_the_readme_names_the_everyday_make_targets():
    assert {"demo", "test", "lint", "bench", "messages"} <= make_commands(
        README.read_text(encoding="utf-8")
    )


def test_it_reads_make_targets_only_from_code():
    text = "To make sure, run `make test` and\n\n```sh\nmake demo\n```\n"
    assert make_commands(text) == {"test", "demo"}


def test_the_example_environment_file_uses_only_variables_the_settings_read(variables_read):
    example = (ROOT / "deploy" / "alliance.env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?\s*(ALLIANCE_[A-Z0-9_]+?)(?:_FILE)?=", example, re.MULTILINE))
    assert named
    assert sorted(named - variables_read) == []


def test_the_example_units_run_commands_that_exist():
    from alliance.cli import ALIASES

    units = (ROOT / "deploy" / "systemd").glob("*.service")
    commands = {
        m.group(1)
        for unit in units
        for m in re.finditer(r"/bin/alliance ([a-z-]+)", unit.read_text(encoding="utf-8"))
    }
    assert commands == {"migrate", "collectstatic", "backup"}
    assert "backup" in ALIASES
