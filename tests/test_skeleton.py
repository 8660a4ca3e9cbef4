"""`base.skeleton`: a valid skeleton with a fresh id, appended atomically, never to the bundle."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from c5lens.base.loading import bundled_facts_dir, load_base
from c5lens.base.skeleton import (
    SkeletonError,
    UnknownName,
    append,
    existing_ids,
    skeleton,
    target,
)

EXPECTED = """\
  - id: kazakhstan.governance-new-1
    statement: 'TODO: one sentence in your own words.'
    # metric: for a comparable figure, one of the topic's metrics:
    #   freedom_house_score (points): Freedom House score, 0-100.
    value: TODO  # a YAML number for a figure, never quoted
    as_of: '2025-08-15'  # the date the fact holds for
    # source: one of
    #   src-a: Source A (2025-08-15)
    #   src-b: Source B (2026)
    source: src-a
    locator: 'TODO, para 1'  # <section>, para N
"""


def test_the_skeleton(write_base: Callable[..., Path]) -> None:
    base = load_base([write_base()])
    assert skeleton(base, "kazakhstan", "governance") == ("kazakhstan.governance-new-1", EXPECTED)
    chosen = skeleton(
        base, "kazakhstan", "governance", metric="freedom_house_score", source="src-b"
    )
    assert "    metric: freedom_house_score\n" in chosen.text
    assert "    unit: 'points'\n" in chosen.text
    assert "    as_of: '2026'" in chosen.text and "    source: src-b\n" in chosen.text
    taken = skeleton(base, "kazakhstan", "governance", taken=["kazakhstan.governance-new-1"])
    assert taken.id == "kazakhstan.governance-new-2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("narnia", "governance"), "unknown subject 'narnia'"),
        (("kazakhstan", "sport"), "unknown topic 'sport'"),
    ],
)
def test_unknown_names(
    write_base: Callable[..., Path], args: tuple[str, str], message: str
) -> None:
    base = load_base([write_base()])
    with pytest.raises(UnknownName, match=message) as e:
        skeleton(base, *args)
    assert e.value.choices  # for close matches


def test_a_metric_of_another_topic(write_base: Callable[..., Path]) -> None:
    base = load_base([write_base()])
    with pytest.raises(SkeletonError, match="metric 'gdp_growth' is of the topic 'economy'"):
        skeleton(base, "kazakhstan", "governance", metric="gdp_growth")


def test_append_creates_then_extends_a_valid_file(
    write_base: Callable[..., Path], tmp_path: Path
) -> None:
    facts = write_base()
    mine = tmp_path / "mine"
    path = target(mine, "kazakhstan", "governance", bundled=facts)
    assert path == mine / "kazakhstan" / "governance.yaml"
    base = load_base([facts])
    first = skeleton(base, "kazakhstan", "governance")
    append(path, "kazakhstan", "governance", first)
    assert path.read_text() == "subject: kazakhstan\ntopic: governance\nfacts:\n" + EXPECTED
    second = skeleton(base, "kazakhstan", "governance", taken=existing_ids(path))
    append(path, "kazakhstan", "governance", second)
    loaded = load_base([facts, mine])
    assert loaded.problems == ()
    assert [f.id for f in loaded.facts][-2:] == [first.id, second.id]
    assert [p.name for p in path.parent.iterdir()] == ["governance.yaml"]  # no temp file left


def test_append_to_an_empty_list_and_refusals(
    write_base: Callable[..., Path], tmp_path: Path
) -> None:
    base = load_base([write_base()])
    path = tmp_path / "mine" / "kazakhstan" / "governance.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("subject: kazakhstan\ntopic: governance\nfacts: []\n")
    item = skeleton(base, "kazakhstan", "governance")
    append(path, "kazakhstan", "governance", item)
    assert load_base([write_base(), tmp_path / "mine"]).problems == ()
    # A facts list that does not end the file cannot take an item at its end.
    odd = "facts:\n  - {id: a.b}\nsubject: kazakhstan\ntopic: governance\n"
    path.write_text(odd)
    with pytest.raises(SkeletonError, match="its facts list does not end the file"):
        append(path, "kazakhstan", "governance", item)
    assert path.read_text() == odd  # untouched
    path.write_text("facts: [\n")
    with pytest.raises(SkeletonError, match=r"governance.yaml:\d+:\d+: "):
        append(path, "kazakhstan", "governance", item)


def test_the_bundled_directory_is_refused() -> None:
    bundled = bundled_facts_dir()
    for into in (bundled, bundled / "kazakhstan", bundled / ".." / bundled.name):
        with pytest.raises(SkeletonError, match="is in the bundled facts directory"):
            target(into, "kazakhstan", "governance", bundled)


def test_a_failed_write_leaves_the_old_file(
    write_base: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = load_base([write_base()])
    path = tmp_path / "mine" / "kazakhstan" / "governance.yaml"
    append(path, "kazakhstan", "governance", skeleton(base, "kazakhstan", "governance"))
    before = path.read_text()

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        append(
            path,
            "kazakhstan",
            "governance",
            skeleton(base, "kazakhstan", "governance", taken=existing_ids(path)),
        )
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir()] == ["governance.yaml"]
