"""desktop.crypto: AES-GCM values, keyed lookup hashes, the recovery sheet text, and where a PC keeps its keys
(the system keyring, else a 0600 key file outside the data folder)."""

from __future__ import annotations

import os
import stat

import keyring
import platformdirs
import pytest
from keyring.backends import fail

from desktop import config, crypto
from tests.unit.test_keyring import MemoryKeyring


def test_values_are_sealed_with_a_fresh_nonce_and_lookups_are_keyed():
    key, other = crypto.DataKey.new(), crypto.DataKey.new()
    a, b = key.encrypt("13812345678"), key.encrypt("13812345678")
    assert a != b and a.startswith("e1:") and "13812345678" not in a
    assert key.decrypt(a) == key.decrypt(b) == "13812345678"
    assert len(a) <= crypto.stored_length(11)
    assert key.lookup("13812345678") == key.lookup("13812345678") != other.lookup("13812345678")
    with pytest.raises(crypto.UndecryptableValue):
        other.decrypt(a)
    with pytest.raises(crypto.UndecryptableValue):
        key.decrypt(a[:-2] + ("A" if a[-2] != "A" else "B") + a[-1])
    with pytest.raises(crypto.UndecryptableValue):
        key.decrypt("13812345678")  # a plain value where a ciphertext belongs
    assert repr(key) == f"DataKey({key.key_id})" and key.master.hex() not in repr(key)


def test_the_recovery_text_reads_back_and_catches_typing_mistakes():
    key = crypto.DataKey.new()
    text = crypto.recovery_text(key)
    groups = text.split()
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert len(crypto.recovery_lines(key)) == 2
    assert crypto.parse_recovery_text(text).master == key.master
    typed = text.lower().replace(" ", "-").replace("o", "0").replace("i", "1").replace("b", "8")
    assert crypto.parse_recovery_text(typed).master == key.master
    swapped = text[:10] + ("C" if text[10] != "C" else "D") + text[11:]
    for bad, reason in ((text[:-1], "length"), (text[:-1] + "9", "characters"), (swapped, "checksum"), ("", "length")):
        with pytest.raises(crypto.BadKeyText) as err:
            crypto.parse_recovery_text(bad)
        assert err.value.reason == reason


@pytest.fixture
def pc_store(monkeypatch, tmp_path):
    """This PC's real store: no ONESTOP_KEY_FILE, the configuration folder in tmp_path."""
    monkeypatch.delenv(crypto.ENV_KEY_FILE, raising=False)
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "config" / "OneStop"))
    return tmp_path / "config" / "OneStop" / "datakey"


def test_without_a_keyring_the_key_goes_to_a_private_file_outside_the_data_folder(pc_store):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        key = crypto.DataKey.new()
        stored = crypto.save_key(key)
        assert not stored.in_keyring and stored.path == str(pc_store)
        assert stat.S_IMODE(os.stat(pc_store).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(pc_store.parent).st_mode) == 0o700
        data = config.data_dir()
        assert data not in pc_store.parents and not any(data.rglob("datakey*"))
        assert crypto.find_key(key.key_id).master == key.master
        second = crypto.DataKey.new()
        crypto.save_key(second)  # a second database's key joins the first
        assert crypto.find_key(key.key_id).master == key.master and crypto.find_key(second.key_id) is not None
        assert crypto.find_key("0" * 16) is None
    finally:
        keyring.set_keyring(previous)


def test_with_a_keyring_the_key_goes_there_and_no_file_is_written(pc_store):
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        key = crypto.DataKey.new()
        assert crypto.save_key(key).in_keyring
        assert list(backend.store) == [(config.KEYRING_SERVICE, f"data-key {key.key_id}")]
        assert not pc_store.exists()
        assert crypto.find_key(key.key_id).master == key.master
    finally:
        keyring.set_keyring(previous)


def test_onestop_key_file_overrides_the_keyring(monkeypatch, tmp_path):
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        monkeypatch.setenv(crypto.ENV_KEY_FILE, str(tmp_path / "keys" / "datakey"))
        key = crypto.DataKey.new()
        assert crypto.save_key(key).path == str(tmp_path / "keys" / "datakey")
        assert backend.store == {}
    finally:
        keyring.set_keyring(previous)
