"""Variables with values c5lens cannot use are ignored: COLUMNS below 20 or not a number, and a
relative XDG_CACHE_HOME (D84)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from c5lens.cli.environment import MIN_COLUMNS, Environment
from c5lens.cli.fast import run
from c5lens.index.api import cache_settings

UNUSABLE = ["0", "1", "3", "19", "-5", "abc", "12.5", "", " ", "٣٠", "9" * 40]


def _run(args: list[str], tty: bool, **variables: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, {"C5LENS_NO_CACHE": "1", **variables}, stdout_isatty=tty)
    code = run(args, env)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("value", UNUSABLE)
def test_an_unusable_columns_is_as_if_unset(value: str) -> None:
    assert Environment(environ={"COLUMNS": value}).columns is None
    assert not Environment(environ={"COLUMNS": value}).columns_set
    # In a pipe: the plain table at its natural width, exactly as with no COLUMNS at all.
    assert _run(["topics"], False, COLUMNS=value) == _run(["topics"], False)
    # On a terminal (a StringIO has no size): the default 80 columns, not a table of no rows.
    code, out, err = _run(["facts", "--country", "kz"], True, COLUMNS=value, NO_COLOR="1")
    assert (code, out, err) == _run(["facts", "--country", "kz"], True, COLUMNS="80", NO_COLOR="1")
    assert out.count("\n") > 10


def test_columns_from_twenty_up_are_used() -> None:
    assert Environment(environ={"COLUMNS": str(MIN_COLUMNS)}).columns == MIN_COLUMNS == 20
    assert Environment(environ={"COLUMNS": " 120 "}).columns == 120
    code, out, _ = _run(["topics"], False, COLUMNS="40")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 40


@pytest.mark.parametrize("value", ["cache", "./cache", "~/cache", "relative/dir"])
def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, value: str) -> None:
    home = tmp_path / "home"
    environ = {"XDG_CACHE_HOME": value, "HOME": str(home)}
    assert cache_settings(environ) == (home / ".cache" / "c5lens", True)
    assert Environment(environ=environ).cache_home == home / ".cache"


def test_an_absolute_xdg_cache_home_is_used(tmp_path: Path) -> None:
    assert cache_settings({"XDG_CACHE_HOME": str(tmp_path)}) == (tmp_path / "c5lens", True)
    assert cache_settings({"HOME": "relative", "XDG_CACHE_HOME": ""}) == (None, True)


def test_a_relative_xdg_cache_home_writes_nothing_under_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    monkeypatch.chdir(work)
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, {"XDG_CACHE_HOME": "cache", "HOME": str(home)})
    assert run(["fact", "kazakhstan.fb-capital", "--json"], env) == 0
    assert list(work.iterdir()) == []
    assert any((home / ".cache" / "c5lens").iterdir())
