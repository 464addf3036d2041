import pytest
from django.core.exceptions import ImproperlyConfigured

from alliance import config


@pytest.fixture(autouse=True)
def _keep_the_registry_clean():
    """The readers register every name they read; these tests read made-up ones."""
    before = dict(config.VARIABLES)
    yield
    config.VARIABLES.clear()
    config.VARIABLES.update(before)


def test_it_reads_booleans(monkeypatch):
    monkeypatch.setenv("ALLIANCE_X", "yes")
    assert config.boolean("ALLIANCE_X", False, "") is True
    monkeypatch.setenv("ALLIANCE_X", "off")
    assert config.boolean("ALLIANCE_X", True, "") is False


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: config.boolean("ALLIANCE_X", False, ""), "maybe", "not a yes/no value"),
        (lambda: config.integer("ALLIANCE_X", 1, ""), "ten", "not a whole number"),
        (lambda: config.integer("ALLIANCE_X", 1, "", minimum=1), "0", "below the minimum"),
        (
            lambda: config.url("ALLIANCE_X", "", "", schemes=("redis",)),
            "http://x",
            "must start with one of redis://",
        ),
        (lambda: config.colour("ALLIANCE_X", "#000", ""), "red", "not a colour"),
        (
            lambda: config.choice("ALLIANCE_X", "a", "", choices=("a", "b")),
            "c",
            "must be one of: a, b",
        ),
    ],
)
def test_it_fails_loudly_on_bad_values(monkeypatch, reader, value, message):
    monkeypatch.setenv("ALLIANCE_X", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        reader()


def test_it_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.delenv("ALLIANCE_X", raising=False)
    monkeypatch.setenv("ALLIANCE_X_FILE", str(secret))
    assert config.text("ALLIANCE_X", "", "") == "s3cret"


def test_a_missing_secret_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv("ALLIANCE_X", raising=False)
    monkeypatch.setenv("ALLIANCE_X_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        config.text("ALLIANCE_X", "", "")
