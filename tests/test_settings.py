"""Settings come from the environment, with defaults, and refuse values they cannot use."""

import re
from dataclasses import fields
from pathlib import Path

import pytest

from settings import PROJECT_DIR, README_TABLE, Settings, SettingsError, describe, readme_table


def test_defaults_serve_locally_with_a_file_cache():
    settings = Settings.from_env(environ={})
    assert (settings.host, settings.port) == ("127.0.0.1", 8050)
    assert settings.debug is False
    assert settings.cache_type == "FileSystemCache"
    assert settings.base_path == "/"
    assert len(settings.secret_key) >= 32


def test_environment_values_are_parsed():
    settings = Settings.from_env(
        environ={
            "PORT": "9000",
            "MIGDASH_DEBUG": "1",
            "MIGDASH_BASE_PATH": "migdash",
            "MIGDASH_DATA_DIR": "/tmp/x",
            "MIGDASH_SECRET_KEY": "s3cret",
        }
    )
    assert settings.port == 9000
    assert settings.debug is True
    assert settings.base_path == "/migdash/"
    assert settings.data_dir == Path("/tmp/x")
    assert settings.secret_key == "s3cret"


def test_redis_url_selects_redis_cache():
    settings = Settings.from_env(environ={"MIGDASH_REDIS_URL": "redis://localhost:6379/0"})
    assert settings.cache_type == "RedisCache"


@pytest.mark.parametrize(
    "environ, named",
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"MIGDASH_DEBUG": "maybe"}, "MIGDASH_DEBUG"),
        ({"MIGDASH_CACHE_TYPE": "Memcached"}, "MIGDASH_CACHE_TYPE"),
        ({"MIGDASH_CACHE_TYPE": "RedisCache"}, "MIGDASH_REDIS_URL"),
    ],
)
def test_unusable_values_are_refused_with_the_variable_named(environ, named):
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(environ=environ)


def test_every_setting_is_described_and_the_secret_is_hidden(monkeypatch):
    monkeypatch.setenv("MIGDASH_SECRET_KEY", "do-not-print-me")
    text = describe()
    assert "do-not-print-me" not in text
    for variable in (
        "HOST",
        "PORT",
        "MIGDASH_DATA_DIR",
        "MIGDASH_SOURCE_DIR",
        "MIGDASH_CACHE_TYPE",
        "MIGDASH_REDIS_URL",
        "MIGDASH_BASE_PATH",
    ):
        assert variable in text


def test_the_readme_table_is_written_from_the_settings():
    """README.md's Configuration table is the one settings.py writes (`python settings.py --readme`)."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    block = README_TABLE.search(readme)
    assert block, "README.md has no <!-- settings: start --> ... <!-- settings: end --> block"
    assert readme[block.end(1) : block.start(2)] == readme_table() + "\n", "run: python settings.py --readme"
    for f in fields(Settings):
        assert f"| `{f.metadata['env']}` |" in readme


def test_every_environment_variable_the_code_reads_is_a_setting():
    """No MIGDASH_* variable is read outside settings.py: each one the code or its docs name is declared there."""
    declared = {f.metadata["env"] for f in fields(Settings)}
    named = set()
    for path in PROJECT_DIR.rglob("*.py"):
        if {".venv", "node_modules", "var", "tests", "bench"} & set(path.relative_to(PROJECT_DIR).parts):
            continue
        named |= set(re.findall(r"\bMIGDASH_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    config_key = "MIGDASH_SETTINGS"  # the Flask config entry that holds the Settings, not a variable
    assert named - declared - {config_key} == set()


def test_workers_and_threads_are_checked():
    assert Settings.from_env(environ={"MIGDASH_WORKERS": "3", "MIGDASH_THREADS": "8"}).workers == 3
    with pytest.raises(SettingsError, match="MIGDASH_THREADS"):
        Settings.from_env(environ={"MIGDASH_THREADS": "0"})
