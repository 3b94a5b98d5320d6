"""The PostgreSQL password lives in the system keyring, not in settings.json, when a keyring is usable;
without one it goes to a file of its own (0600 on Linux), never to settings.json, and the caller is told. A small in-memory keyring backend stands in for
the system one (set with keyring.set_keyring); the code under test is the real desktop.config."""

from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

from desktop import __main__ as cli
from desktop import config

URL = "postgresql://onestop:S3cret%40pw@192.168.1.10:5432/onestop"
BARE = "postgresql://onestop@192.168.1.10:5432/onestop"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _on_disk() -> str:
    return json.loads(config.settings_path().read_text(encoding="utf-8"))["db_url"]


def test_the_password_goes_to_the_keyring_and_comes_back_when_loading(memory_keyring):
    saved = config.save_db_url(URL)
    assert saved.in_keyring and not saved.plain_password
    assert _on_disk() == BARE and "S3cret" not in config.settings_path().read_text(encoding="utf-8")
    assert memory_keyring.store == {("OneStop", BARE): "S3cret@pw"}
    assert config.resolve_db_url() == config.DatabaseChoice(URL, "settings")


def test_a_url_without_password_and_sqlite_are_saved_as_they_are(memory_keyring):
    assert config.save_db_url(BARE) == config.SavedUrl(BARE)
    assert config.resolve_db_url().url == BARE  # nothing in the keyring for it
    local = config.default_sqlite_url()
    assert config.save_db_url(local) == config.SavedUrl(local)
    assert memory_keyring.store == {}


def _password_file() -> dict:
    return json.loads(config.password_file_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize("backend", [fail.Keyring, lambda: chainer.ChainerBackend()])
def test_without_a_usable_keyring_the_password_goes_to_a_private_file_and_the_result_says_so(backend,
                                                                                              monkeypatch):
    previous = keyring.get_keyring()
    chosen = backend()
    if isinstance(chosen, chainer.ChainerBackend):
        monkeypatch.setattr(chainer.ChainerBackend, "backends", property(lambda self: []))
    keyring.set_keyring(chosen)
    try:
        saved = config.save_db_url(URL)
        assert saved.plain_password and not saved.in_keyring
        assert saved.password_file == str(config.password_file_path())
        assert _on_disk() == BARE and "S3cret" not in config.settings_path().read_text(encoding="utf-8")
        assert _password_file() == {BARE: "S3cret@pw"}
        if os.name == "posix":
            assert os.stat(config.password_file_path()).st_mode & 0o777 == 0o600
        assert config.resolve_db_url().url == URL
        # going back to the local file forgets the password
        config.save_db_url(None)
        assert not config.password_file_path().exists()
    finally:
        keyring.set_keyring(previous)


def test_a_password_an_older_version_left_in_settings_json_is_moved_out_when_read(no_keyring):
    config.save_settings({"db_url": URL})  # what the previous version wrote without a keyring
    assert config.resolve_db_url() == config.DatabaseChoice(URL, "settings")
    assert _on_disk() == BARE and "S3cret" not in config.settings_path().read_text(encoding="utf-8")
    assert _password_file() == {BARE: "S3cret@pw"}
    assert config.resolve_db_url().url == URL


def test_with_a_keyring_a_stale_password_file_is_removed(memory_keyring):
    config.password_file_path().write_text(json.dumps({BARE: "old"}), encoding="utf-8")
    config.save_db_url(URL)
    assert not config.password_file_path().exists()
    assert memory_keyring.store == {("OneStop", BARE): "S3cret@pw"}


def test_cli_db_use_says_where_the_password_went(memory_keyring, capsys):
    assert cli.main(["db", "use", URL]) == 0
    out = capsys.readouterr().out
    assert "system keyring" in out and "S3cret" not in out
    assert _on_disk() == BARE


def test_cli_db_use_warns_without_a_keyring(no_keyring, capsys):
    assert cli.main(["db", "use", URL]) == 0
    captured = capsys.readouterr()
    assert "plain text" in captured.err and str(config.password_file_path()) in captured.err
    assert "S3cret" not in captured.out + captured.err
    assert _on_disk() == BARE and _password_file() == {BARE: "S3cret@pw"}


def test_safe_url_hides_the_password():
    assert config.safe_url(URL) == "postgresql://onestop:***@192.168.1.10:5432/onestop"
    assert config.safe_url("sqlite:///x.db") == "sqlite:///x.db"


def test_the_connection_dialog_says_where_the_password_goes_and_saves_it(qtbot, memory_keyring):
    from desktop.ui.dbsettings import DatabaseDialog

    dialog = DatabaseDialog(config.default_sqlite_url(), "unreachable")
    qtbot.addWidget(dialog)
    assert dialog.keyring_note.isHidden()  # no password in a SQLite URL
    dialog.edit.setText(URL)
    assert not dialog.keyring_note.isHidden() and "system keyring" in dialog.keyring_note.text()
    dialog.save()
    assert dialog.url == URL and dialog.saved.in_keyring
    assert _on_disk() == BARE and config.resolve_db_url().url == URL


def test_the_connection_dialog_warns_without_a_keyring(qtbot, no_keyring):
    from desktop.ui.dbsettings import DatabaseDialog

    dialog = DatabaseDialog(URL, "unreachable")
    qtbot.addWidget(dialog)
    assert "plain text" in dialog.keyring_note.text()
    assert str(config.password_file_path()) in dialog.keyring_note.text()
    dialog.save()
    assert dialog.saved.plain_password and _on_disk() == BARE and _password_file() == {BARE: "S3cret@pw"}
