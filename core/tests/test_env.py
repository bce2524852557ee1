"""Settings helpers fail loudly on a value they cannot read."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accord.env import env_bool, env_choice, env_int, env_list

NAME = "ACCORD_TEST_SETTING"


class TestEnvBool:
    @pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " True "])
    def test_it_reads_true(self, monkeypatch, raw):
        monkeypatch.setenv(NAME, raw)
        assert env_bool(NAME) is True

    @pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
    def test_it_reads_false(self, monkeypatch, raw):
        monkeypatch.setenv(NAME, raw)
        assert env_bool(NAME, True) is False

    def test_it_uses_the_default_when_unset(self, monkeypatch):
        monkeypatch.delenv(NAME, raising=False)
        assert env_bool(NAME, True) is True

    @pytest.mark.parametrize("raw", ["maybe", "2", "tru", "enabled"])
    def test_it_refuses_a_value_that_is_not_a_boolean(self, monkeypatch, raw):
        monkeypatch.setenv(NAME, raw)
        with pytest.raises(ImproperlyConfigured, match=NAME):
            env_bool(NAME)


class TestEnvInt:
    def test_it_reads_an_integer(self, monkeypatch):
        monkeypatch.setenv(NAME, "3600")
        assert env_int(NAME, 1) == 3600

    def test_it_uses_the_default_when_unset_or_empty(self, monkeypatch):
        monkeypatch.delenv(NAME, raising=False)
        assert env_int(NAME, 7) == 7
        monkeypatch.setenv(NAME, " ")
        assert env_int(NAME, 7) == 7

    @pytest.mark.parametrize("raw", ["ten", "8h", "1.5", "0x10"])
    def test_it_refuses_a_value_that_is_not_an_integer(self, monkeypatch, raw):
        monkeypatch.setenv(NAME, raw)
        with pytest.raises(ImproperlyConfigured, match=NAME):
            env_int(NAME, 1)


class TestOtherHelpers:
    def test_it_splits_a_list_on_commas(self, monkeypatch):
        monkeypatch.setenv(NAME, "a.example, b.example,,")
        assert env_list(NAME, []) == ["a.example", "b.example"]

    def test_it_refuses_a_choice_that_is_not_offered(self, monkeypatch):
        monkeypatch.setenv(NAME, "mysql")
        with pytest.raises(ImproperlyConfigured, match=NAME):
            env_choice(NAME, ["sqlite", "postgresql"], "sqlite")
