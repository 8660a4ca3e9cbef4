"""Unit specs of render.layout and the glyphs of render.charts: widths, the stacked display."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from c5lens.render import charts, layout
from c5lens.render.plaintable import PlainConsole


def console(width: int, terminal: bool = False) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        no_color=True,
        color_system=None,
        force_terminal=terminal,
        highlight=False,
    )


def text_of(c: Console) -> str:
    out = c.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip() + "\n" for line in out.splitlines())


def sample() -> layout.Table:
    table = layout.table(("Fact", layout.TOKEN), ("Statement", layout.PROSE))
    layout.add_row(table, "kazakhstan.freedom-house-score-2025", "Freedom House scored it 23.")
    layout.add_row(table, layout.token("uzbekistan.gdp-growth-2024"), "Growth was 6.5% in 2024.")
    return table


def test_a_token_column_is_never_narrower_than_its_longest_token() -> None:
    # 35 for the id, 3 apart, then the prose down to its longest word (its heading's).
    assert layout.column_widths(sample(), 200) == [35, 27]
    assert layout.column_widths(sample(), 50) == [35, 12]
    assert layout.column_widths(sample(), 47) == [35, 9]
    assert layout.column_widths(sample(), 46) is None


def test_a_token_text_cell_counts_whole_in_a_prose_column() -> None:
    table = layout.table(("Value", layout.PROSE))
    layout.add_row(table, layout.token("20,432,662 (est.)"))
    layout.add_row(table, "a long name in words")
    assert layout.column_widths(table, 10) is None
    assert layout.column_widths(table, 17) == [17]


def test_too_wide_a_table_is_one_block_per_record() -> None:
    c = console(46)
    layout.print_table(c, sample())
    assert text_of(c) == (
        "Fact\n"
        "  kazakhstan.freedom-house-score-2025\n"
        "Statement   Freedom House scored it 23.\n"
        "\n"
        "Fact        uzbekistan.gdp-growth-2024\n"
        "Statement   Growth was 6.5% in 2024.\n"
    )


def test_a_token_longer_than_the_room_goes_whole_under_its_heading() -> None:
    c = console(30)
    layout.print_table(c, sample())
    assert text_of(c).splitlines()[:4] == [
        "Fact",
        "  kazakhstan.freedom-house-score-2025",
        "Statement   Freedom House",
        "            scored it 23.",
    ]


def test_a_table_that_fits_is_drawn_across() -> None:
    c = console(80)
    layout.print_table(c, sample())
    assert text_of(c) == (
        "Fact                                  Statement\n"
        "─────────────────────────────────────────────────────────────────\n"
        "kazakhstan.freedom-house-score-2025   Freedom House scored it 23.\n"
        "uzbekistan.gdp-growth-2024            Growth was 6.5% in 2024.\n"
    )


def test_a_pipe_draws_at_natural_width_never_stacked() -> None:
    plain = PlainConsole()
    layout.print_table(plain, sample())
    assert plain.text().splitlines()[2] == (
        "kazakhstan.freedom-house-score-2025   Freedom House scored it 23."
    )


def test_bars_in_eighths_scaled_to_the_largest() -> None:
    assert charts.bar(26, 26, 10) == "█" * 10
    assert charts.bar(13, 26, 10) == "█" * 5
    assert charts.bar(1, 26, 10) == "▍"  # 10 * 8 / 26 = 3.1 eighths
    assert charts.bar(0, 26, 10) == ""
    assert charts.bar(-2, 26, 10) == ""


def test_sparkline_from_smallest_to_largest() -> None:
    assert charts.sparkline([3.2, 5.1, 4.8]) == "▁█▇"
    assert charts.sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert charts.sparkline([2, 2, 2]) == "▄▄▄"


def test_glyphs_only_on_a_terminal() -> None:
    assert charts.on_terminal(console(80, terminal=True))
    assert not charts.on_terminal(console(80))
    assert not charts.on_terminal(PlainConsole())


def test_stacked_keeps_each_line_of_a_token_cell_whole() -> None:
    table = layout.table(("Value", layout.NUMBER), ("As of", layout.TOKEN))
    layout.add_row(table, Text("6.0% ≠\n~5.5% (src-a)", no_wrap=True), "2025")
    c = console(20)  # across needs 21; beside its heading, the second line needs 21 too
    layout.print_table(c, table)
    assert text_of(c) == "Value   6.0% ≠\n  ~5.5% (src-a)\nAs of   2025\n"
