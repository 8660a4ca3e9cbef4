"""The documents sources cite: where they are found, whether they are the text cited, what a
locator names in them (a paragraph, or a Factbook field)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from c5lens.base.model import Source
from c5lens.base.paragraphs import LAYOUTS, PLAIN, SEP, split

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ENV_DOCUMENTS = "C5LENS_DOCUMENTS_PATH"


class DocumentError(Exception):
    """A document cannot be used to check what cites it."""


class DocumentNotFound(DocumentError):
    """No directory of the search path holds the document."""

    def __init__(self, name: str, looked_in: Sequence[Path]) -> None:
        self.name, self.looked_in = name, tuple(looked_in)
        if not self.looked_in:
            where = f"no documents directory given (--documents DIR or {ENV_DOCUMENTS})"
        else:
            where = "looked in " + ", ".join(str(d) for d in self.looked_in)
        super().__init__(f"document {name} not found: {where}")


class DocumentChanged(DocumentError):
    """The file found is not the text the source's SHA-256 records."""

    def __init__(self, path: Path, expected: str, actual: str) -> None:
        self.path, self.expected, self.actual = path, expected, actual
        super().__init__(
            f"{path} is not the document the source cites: its SHA-256 is {actual[:12]}…,"
            f" sources.yaml records {expected[:12]}…"
        )


class LocatorError(DocumentError):
    """The locator names nothing in the document."""


def documents_dirs(extra: Sequence[Path] = (), env: str | None = None) -> list[Path]:
    """Where documents are looked for: `--documents` directories, then `C5LENS_DOCUMENTS_PATH`."""
    dirs = list(extra)
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    return dirs


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def expected_sha256(source: Source, file: str | None = None) -> str | None:
    """The SHA-256 the source records for its document, or for `file` of its folder."""
    if isinstance(source.sha256, str):
        return source.sha256
    if source.sha256 is not None and file is not None:
        return dict(source.sha256).get(file)
    return None


@dataclass(frozen=True)
class Evidence:
    """What a locator names: the document's path, the locator, and the text it names."""

    document: Path
    locator: str
    text: str


class Documents:
    """The documents of a search path, each read, hashed and split once."""

    def __init__(self, dirs: Sequence[Path]) -> None:
        self.dirs = tuple(dirs)
        self._checked: dict[tuple[str, str | None], Path] = {}
        self._paragraphs: dict[Path, dict[str, str]] = {}
        self._json: dict[Path, Any] = {}

    def find(self, name: str) -> Path:
        """The first `DIR/name` or `DIR/documents/name` of the search path that exists."""
        for d in self.dirs:
            for candidate in (d / name, d / "documents" / name):
                if candidate.exists():
                    return candidate
        raise DocumentNotFound(name, self.dirs)

    def checked(self, source: Source, file: str | None = None) -> Path:
        """The source's document (or `file` of its folder), found and matched to its SHA-256."""
        key = (source.id, file)
        if key not in self._checked:
            name = source.document if file is None else f"{source.document.rstrip('/')}/{file}"
            path = self.find(name)
            expected = expected_sha256(source, file)
            if expected is not None:
                actual = sha256_of(path)
                if actual != expected:
                    raise DocumentChanged(path, expected, actual)
            self._checked[key] = path
        return self._checked[key]

    def evidence(self, source: Source, locator: str) -> Evidence:
        """The text `locator` names in the source's document; raises DocumentError."""
        if is_folder(source):
            file, _, path = locator.partition(": ")
            if not path or "/" in file or file.startswith("."):
                raise LocatorError(f'"{locator}" names no file (expected "<file>: <field path>")')
            found = self.checked(source, file)
            return Evidence(found, locator, self._field(found, path.split(SEP), locator))
        found = self.checked(source)
        if found not in self._paragraphs:
            text = found.read_text(encoding="utf-8")
            self._paragraphs[found] = split(text, LAYOUTS.get(found.name, PLAIN))
        paragraph = self._paragraphs[found].get(locator)
        if paragraph is None:
            raise LocatorError(f'"{locator}" names no paragraph of {found.name}')
        return Evidence(found, locator, paragraph)

    def _field(self, path: Path, steps: list[str], locator: str) -> str:
        if path not in self._json:
            self._json[path] = json.loads(path.read_text(encoding="utf-8"))
        node = self._json[path]
        for step in steps:
            # The Factbook's keys can carry stray whitespace ("total "); the importer strips it.
            match = (
                [v for k, v in node.items() if isinstance(k, str) and k.strip() == step]
                if isinstance(node, dict)
                else []
            )
            if not match:
                raise LocatorError(f'"{locator}" names no field of {path.name} (no {step!r})')
            node = match[0]
        if isinstance(node, dict):
            node = node.get("text")
        if not isinstance(node, str):
            raise LocatorError(f'"{locator}" names no text field of {path.name}')
        return " ".join(re.sub(r"<[^>]+>", "", node).split())


def is_folder(source: Source) -> bool:
    """Whether the source is a folder of files (the Factbook), its locators naming the file."""
    return source.document.endswith("/")
