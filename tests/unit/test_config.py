"""The settings an operator makes: when accounts are required, and the host allow-list from the environment."""
from __future__ import annotations

import pytest

from lesepult.config import LOOPBACK_HOSTS, defaults, is_loopback, load, login_required


@pytest.mark.parametrize("bind", [None, "127.0.0.1:8000", "localhost:5000", "[::1]:8000", "::1", "127.0.0.2:80",
                                  "127.0.0.1:8000,[::1]:8000"])
def test_loopback_binds_need_no_login(bind):
    assert is_loopback(bind) and not login_required("auto", bind)


@pytest.mark.parametrize("bind", ["0.0.0.0:8000", ":8000", "[::]:8000", "192.168.1.20:8000", "reader.example.org:80",
                                  "unix:/run/lesepult.sock", "127.0.0.1:8000,0.0.0.0:8001"])
def test_any_other_bind_requires_login(bind):
    assert not is_loopback(bind) and login_required("auto", bind)


def test_a_proxy_in_front_requires_login_even_on_loopback():
    assert login_required("auto", "127.0.0.1:8000", proxied=True)


def test_the_operator_can_say_so_outright():
    assert login_required("1", "127.0.0.1:8000") and login_required(True)
    assert not login_required("0", "0.0.0.0:8000") and not login_required(False, "0.0.0.0:8000")
    with pytest.raises(ValueError, match="auto, 1 or 0"):
        login_required("maybe")


def test_environment_variables(monkeypatch, tmp_path):
    assert defaults()["TRUSTED_HOSTS"] == LOOPBACK_HOSTS == ["localhost", "127.0.0.1", "[::1]"]
    monkeypatch.setenv("LESEPULT_TRUSTED_HOSTS", " reader.example.org,,.lesepult.test ")
    monkeypatch.setenv("LESEPULT_LOGIN_REQUIRED", "1")
    monkeypatch.setenv("LESEPULT_PROXY_FIX", "2")
    monkeypatch.setenv("LESEPULT_URL_SCHEME", "https")
    values = load(tmp_path)
    assert values["TRUSTED_HOSTS"] == ["reader.example.org", ".lesepult.test"]
    assert (values["LOGIN_REQUIRED"], values["PROXY_FIX"], values["PREFERRED_URL_SCHEME"]) == ("1", 2, "https")
