"""`python -m lesepult worker` and `translate --distributed`: what they refuse, and why, before starting anything."""
from __future__ import annotations

import pytest

from lesepult.cli import main


@pytest.fixture
def broker(monkeypatch, tmp_path):
    monkeypatch.setenv("LESEPULT_BROKER_URL", "redis://127.0.0.1:1/0")   # nothing listens: nothing may connect
    monkeypatch.setenv("LESEPULT_DATABASE", str(tmp_path / "app.sqlite"))


@pytest.mark.parametrize("arguments, environment, message", [
    ([], {}, "LESEPULT_BROKER_URL must be a RabbitMQ or Redis URL"),
    ([], {"LESEPULT_BROKER_URL": "sqs://queue"}, "LESEPULT_BROKER_URL must be a RabbitMQ or Redis URL"),
    (["--concurrency", "0"], {"LESEPULT_BROKER_URL": "redis://127.0.0.1:1/0"}, "--concurrency must be at least 1"),
    (["--store", "--concurrency", "2"], {"LESEPULT_BROKER_URL": "redis://127.0.0.1:1/0"}, "one batch at a time"),
    ([], {"LESEPULT_BROKER_URL": "redis://127.0.0.1:1/0", "LESEPULT_BROKER_VISIBILITY_TIMEOUT": "soon"},
     "must be a number of seconds"),
    ([], {"LESEPULT_BROKER_URL": "amqp://127.0.0.1:1//", "LESEPULT_BATCH_HEARTBEAT": "-5"},
     "LESEPULT_BATCH_HEARTBEAT must be a number of seconds"),
    ([], {"LESEPULT_BROKER_URL": "redis://127.0.0.1:1/0", "LESEPULT_BATCH_HEARTBEAT": "20"},
     "LESEPULT_BATCH_LOST_AFTER (30 s) must be at least twice LESEPULT_BATCH_HEARTBEAT (20 s)"),
])
def test_the_worker_refuses_bad_settings_with_exit_2(monkeypatch, capsys, arguments, environment, message):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert main(["worker", *arguments]) == 2
    assert message in capsys.readouterr().err


def test_a_translation_worker_without_any_engine_exits_3(broker, monkeypatch, capsys, packages_dir, tmp_path):
    monkeypatch.setenv("LESEPULT_DICTIONARY", str(tmp_path / "missing.sqlite"))
    assert main(["worker"]) == 3
    assert "No translation model and no dictionary" in capsys.readouterr().err
    monkeypatch.setenv("LESEPULT_ENGINE", "argos")
    assert main(["worker"]) == 3
    assert "No de→en Argos model is installed" in capsys.readouterr().err


def test_translate_distributed_needs_the_broker_and_the_apps_database(monkeypatch, capsys, tmp_path, broker):
    source = tmp_path / "a.txt"
    source.write_text("Die Feuerpause hält.", encoding="utf-8")
    command = ["translate", str(source), "--distributed", "--format", "tsv", "-o", str(tmp_path / "out")]
    assert main([*command, "--db", str(tmp_path / "other.sqlite")]) == 2
    assert "--db" in capsys.readouterr().err and not (tmp_path / "other.sqlite").exists()
    monkeypatch.delenv("LESEPULT_BROKER_URL")
    assert main(command) == 2
    assert "--distributed needs the broker" in capsys.readouterr().err
