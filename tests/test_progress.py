"""The build's progress bar: on a terminal only, after a second, one line, cleared at the end."""

from __future__ import annotations

import io

from c5lens.cli.progress import DELAY, WIDTH, ProgressBar


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def bar(tty: bool = True) -> tuple[ProgressBar, io.StringIO, Clock]:
    stream, clock = io.StringIO(), Clock()
    return ProgressBar(stream, tty, clock), stream, clock


def test_nothing_in_the_first_second() -> None:
    progress, stream, clock = bar()
    for done in range(1, 50):
        clock.now += (DELAY - 0.01) / 50
        progress(done, 100)
    progress(100, 100)
    assert stream.getvalue() == ""


def test_nothing_when_not_a_terminal() -> None:
    progress, stream, clock = bar(tty=False)
    for done in range(1, 101):
        clock.now += 1
        progress(done, 100)
    assert stream.getvalue() == ""


def test_a_bar_after_a_second_then_cleared() -> None:
    progress, stream, clock = bar()
    progress(1, 4)
    clock.now += DELAY
    progress(2, 4)
    drawn = stream.getvalue()
    assert drawn == "\rindexing " + "█" * (WIDTH // 2) + "░" * (WIDTH - WIDTH // 2) + " 2/4 files"
    assert "\n" not in drawn
    clock.now += 1
    progress(3, 4)
    clock.now += 1
    progress(4, 4)
    out = stream.getvalue()
    last = out.rsplit("\r", 2)
    assert out.endswith("\r") and last[-2] == " " * len(drawn.lstrip("\r"))
    assert "3/4 files" in out


def test_redraws_are_rationed_and_counts_grouped() -> None:
    progress, stream, clock = bar()
    progress(0, 10_000)
    clock.now += 2
    for done in range(1, 1000):
        progress(done, 10_000)  # no time passes: one redraw only
    assert stream.getvalue().count("\r") == 1
    clock.now += 1
    progress(1000, 10_000)
    assert stream.getvalue().endswith(" 1,000/10,000 files")


def test_a_shorter_line_overwrites_a_longer_one() -> None:
    progress, stream, clock = bar()
    progress(0, 10)
    clock.now += 2
    progress(9, 10)
    first = stream.getvalue()
    progress.label = "x"
    clock.now += 1
    progress(9, 10)
    second = stream.getvalue()[len(first) :]
    assert len(second) == len(first)


def test_clear_without_a_bar_writes_nothing() -> None:
    progress, stream, _ = bar()
    progress.clear()
    progress(5, 5)
    assert stream.getvalue() == ""
