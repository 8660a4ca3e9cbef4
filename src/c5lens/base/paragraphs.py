"""A document's text split into the paragraphs its locators name (docs/fact-format.md, Locators)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

SEP = " › "


@dataclass(frozen=True)
class Layout:
    """How one document's plain text is laid out, which its text alone does not say.

    `start` begins the first block of text (what comes before is the web page's furniture);
    `headings` maps each heading to the heading it is under (None at the top); `captions` are how
    picture captions and pull quotes begin; `bullets` is the section whose one block holds
    bullet points, and `after_bullets` the section the unheaded paragraphs after it are counted in.
    """

    start: str | None = None
    headings: Mapping[str, str | None] = field(default_factory=dict)
    captions: tuple[str, ...] = ()
    bullets: str | None = None
    after_bullets: str = "Introduction"


# The layouts of the documents the shipped base cites, by file name. A document without one is
# read with the plain layout (`PLAIN`): a heading is a short line on its own without a final
# stop, and each line of a block of bullets is a paragraph.
LAYOUTS: dict[str, Layout] = {
    "000_e1c3ff2bcb818716.txt": Layout(
        start="Bottom lines up front",
        headings={
            "Bottom lines up front": None,
            "Challenges": None,
            "Opportunities": None,
            "Central Asian context": "Opportunities",
            "Japanese strategic advantages": "Opportunities",
            "US strategic advantages": "Opportunities",
            "Conclusion": None,
            "Acknowledgements": None,
            "About the author": None,
            "Related content": None,
            "Explore the program": None,
        },
        captions=("Image: ",),
        bullets="Bottom lines up front",
    ),
    "004_570836fd479a5f54.txt": Layout(
        start="On 19",
        headings={
            "Int'l environment, Japan's role": None,
            "Why Central Asia may be of interest to Tokyo": None,
        },
        captions=(
            "The illustration shows",
            "Japan's new prime minister, Sanae Takaichi, is",
            "From left to right",
        ),
    ),
}
PLAIN = Layout()

_LOCATOR = re.compile(r"(?P<section>.+), para (?P<n>[1-9][0-9]*)|Caption (?P<caption>[1-9][0-9]*)")
# In a document with a layout, a block that ends like this ends its paragraph; one that does
# not was cut by a page break.
_ENDS = re.compile(r"[.?!:\"”)]$")


def well_formed(locator: str) -> bool:
    """Whether `locator` has the grammar of a paragraph: `<section>, para N` or `Caption N`."""
    return _LOCATOR.fullmatch(locator) is not None


def _plain(text: str) -> str:
    """Curly apostrophes as straight ones, for comparing with headings written by hand."""
    return text.replace("\u2019", "'")


_BULLET = re.compile(r"^\s*(?:[•*]|-(?=\s))\s*", re.MULTILINE)


def _plain_heading(raw: str) -> bool:
    """A heading by the plain layout's rule: one short line that does not end a sentence."""
    line = raw.strip()
    return "\n" not in line and len(line.split()) <= 10 and not re.search(r"[.?!:;,\"”)]$", line)


def _plain_blocks(text: str) -> tuple[list[str], set[str]]:
    """The blocks of a document without a layout, bullets split out, and which are headings."""
    blocks: list[str] = []
    headings: set[str] = set()
    for raw in re.split(r"\n\s*\n", text):
        if _BULLET.match(raw):
            blocks += [" ".join(item.split()) for item in _BULLET.split(raw) if item.strip()]
            continue
        block = " ".join(raw.split())
        if block and _plain_heading(raw):
            headings.add(block)
        blocks.append(block)
    return [b for b in blocks if b], headings


def split(text: str, layout: Layout = PLAIN) -> dict[str, str]:
    """Every locator of a document and the text it names, whitespace runs made single spaces."""
    if layout is PLAIN:
        blocks, found = _plain_blocks(text)
        layout = Layout(headings=dict.fromkeys(found))
        joins = False
    else:
        blocks = [b for b in (" ".join(b.split()) for b in re.split(r"\n\s*\n", text)) if b]
        joins = True
    if layout.start is not None:
        while blocks and not _plain(blocks[0]).startswith(layout.start):
            blocks.pop(0)
    out: dict[str, str] = {}
    counts: dict[str, int] = {}
    section, captions = "Opening", 0

    def add(where: str, paragraph: str) -> None:
        counts[where] = counts.get(where, 0) + 1
        out[f"{where}, para {counts[where]}"] = paragraph

    pending, pending_section = "", section  # a paragraph split across a page break
    for block in blocks:
        plain = _plain(block)
        if block.startswith("●"):  # a picture credit, not text
            continue
        if plain in layout.headings:
            parent = layout.headings[plain]
            section = f"{parent}{SEP}{plain}" if parent else plain
            continue
        if plain.startswith(layout.captions) and layout.captions:
            captions += 1
            out[f"Caption {captions}"] = block
            continue
        if section == layout.bullets and "•" in block:
            for item in block.split("•")[1:]:
                add(section, item.strip())
            section = layout.after_bullets
            continue
        if pending:
            block, where = f"{pending} {block}", pending_section
        else:
            where = section
        if joins and not _ENDS.search(block):
            pending, pending_section = block, where
            continue
        pending = ""
        add(where, block)
    if pending:
        add(pending_section, pending)
    return out
