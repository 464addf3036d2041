"""Encryption at rest: values go in and come back out, the stored bytes say nothing, a wrong
key fails clearly, and an old key keeps opening old values after a rotation."""

import datetime
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from alliance.core import crypto

PASSPORT = {
    "full_name": "李伟",
    "number": "E12345678",
    "nationality": "CN",
    "birth_date": "1999-05-04",
}


def test_it_gives_back_what_it_encrypted(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = crypto.encrypt_json(PASSPORT)
    assert crypto.decrypt_json(token) == PASSPORT
    assert crypto.decrypt_json(memoryview(token)) == PASSPORT  # as PostgreSQL hands it back


def test_the_stored_bytes_do_not_contain_the_passport_number(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = crypto.encrypt_json(PASSPORT)
    assert b"E12345678" not in token
    assert "李伟".encode() not in token
    assert crypto.encrypt_json(PASSPORT) != token  # a fresh random IV each time


def test_a_wrong_key_fails_with_a_clear_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = crypto.encrypt_json(PASSPORT)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError) as caught:
        crypto.decrypt_json(token)
    assert "cannot be decrypted with the keys in ALLIANCE_FIELD_ENCRYPTION_KEY" in str(caught.value)


def test_an_altered_value_fails_with_the_same_clear_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = bytearray(crypto.encrypt_bytes(b"scan"))
    token[40] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(bytes(token))


def test_after_a_rotation_old_values_still_open_and_new_ones_use_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    old_token = crypto.encrypt_json(PASSPORT)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt_json(old_token) == PASSPORT
    new_token = crypto.encrypt_json(PASSPORT)
    assert Fernet(new).decrypt(new_token)  # encrypted with the first key
    rotated = crypto.rotate(old_token)
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key retired
    assert crypto.decrypt_json(rotated) == PASSPORT
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_json(old_token)


def test_development_derives_a_steady_key_from_the_secret_key():
    first = crypto.keys_setting([], production=False, secret_key="s" * 50)
    assert first == crypto.keys_setting([], production=False, secret_key="s" * 50)
    assert first != crypto.keys_setting([], production=False, secret_key="t" * 50)
    Fernet(first[0])  # a valid key


def test_production_without_a_key_refuses_to_start_and_says_how_to_make_one():
    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.keys_setting([], production=True, secret_key="s" * 50)
    message = str(caught.value)
    assert "ALLIANCE_FIELD_ENCRYPTION_KEY (or ALLIANCE_FIELD_ENCRYPTION_KEY_FILE)" in message
    assert 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"' in (
        message
    )


def test_a_malformed_key_is_refused_by_its_position():
    good = Fernet.generate_key().decode()
    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.keys_setting([good, "not-a-key"], production=True, secret_key="")
    assert "key number 2 is not a Fernet key" in str(caught.value)


def run_settings(tmp_path, **env):
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")},
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_MODE": "production",
        "ALLIANCE_SECRET_KEY": "k" * 50,
        "ALLIANCE_ALLOWED_HOSTS": "alliance.example.org",
        **env,
    }
    script = "from django.conf import settings; print(len(settings.FIELD_ENCRYPTION_KEYS))"
    return subprocess.run(
        [sys.executable, "-c", script], env=full, capture_output=True, text=True, timeout=60
    )


def test_production_settings_read_the_keys_from_a_file(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}\n")
    done = run_settings(tmp_path, ALLIANCE_FIELD_ENCRYPTION_KEY_FILE=str(keys))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


def test_production_settings_without_a_key_stop_at_start(tmp_path):
    done = run_settings(tmp_path)
    assert done.returncode != 0
    assert "ALLIANCE_FIELD_ENCRYPTION_KEY (or ALLIANCE_FIELD_ENCRYPTION_KEY_FILE) must be set" in (
        done.stderr
    )


def test_json_dates_must_be_given_as_text():
    with pytest.raises(TypeError):
        crypto.encrypt_json({"birth_date": datetime.date(1999, 5, 4)})
