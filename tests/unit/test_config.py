from desktop import config


def test_url_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path))
    assert config.resolve_db_url().origin == "default"
    assert config.resolve_db_url().url == f"sqlite:///{tmp_path / 'onestop.db'}"
    config.save_db_url("postgresql://saved@h/db")
    assert config.resolve_db_url() == config.DatabaseChoice("postgresql://saved@h/db", "settings")
    monkeypatch.setenv("ONESTOP_DB_URL", "postgresql://env@h/db")
    assert config.resolve_db_url().origin == "environment"
    assert config.resolve_db_url("sqlite:///x.db") == config.DatabaseChoice("sqlite:///x.db", "argument")
    config.save_db_url(None)
    monkeypatch.delenv("ONESTOP_DB_URL")
    assert config.resolve_db_url().origin == "default"


def test_settings_survive_a_corrupt_file(monkeypatch, tmp_path):
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path))
    config.settings_path().write_text("{not json", encoding="utf-8")
    assert config.load_settings() == {}
    config.save_settings({"language": "en"})
    assert config.load_settings() == {"language": "en"}
