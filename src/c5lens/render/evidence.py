"""A fact's evidence for people (the cited text, its figures highlighted) and for scripts."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from c5lens.base.documents import Evidence
from c5lens.query.evidence import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HIGHLIGHT = "bold reverse"


def evidence_record(document: str, evidence: Evidence, finding: Finding) -> dict[str, Any]:
    """`evidence` of `fact ID --evidence --json`: spans are offsets into `text`, in characters
    (Unicode code points), end exclusive, sorted; `field` is the fact's field they back."""
    return {
        "document": document,
        "locator": evidence.locator,
        "text": evidence.text,
        "spans": [{"start": s.start, "end": s.end, "field": s.field} for s in finding.spans],
    }


def highlighted(text: str, finding: Finding) -> Text:
    """The text with every span that backs the fact highlighted."""
    out = Text(text)
    for span in finding.spans:
        out.stylize(HIGHLIGHT, span.start, span.end)
    return out


def print_evidence(console: Console, document: str, evidence: Evidence, finding: Finding) -> None:
    """The cited text under a line naming it, then what the text does not print, if anything."""
    console.print(Text(f"{evidence.locator} · {document}", style="bold"))
    console.print(highlighted(evidence.text, finding))
    for miss in finding.misses:
        what = f"{miss.what} not in the text" if miss.absent else miss.what
        console.print(Text(f"! {miss.field}: {what}", style="bold red"))
    console.print()
