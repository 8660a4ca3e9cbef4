"""Where the facts are: the bundled directory and the user's own, in load order."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

ENV_PATH = "C5LENS_FACTS_PATH"
ENV_NO_BUNDLED = "C5LENS_NO_BUNDLED"


def bundled_facts_dir() -> Path:
    """The facts shipped with c5lens: inside the wheel, or beside `src/` in a checkout."""
    inside = Path(__file__).parents[1] / "facts"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / "facts"


def facts_dirs(
    extra: Sequence[Path] = (), env: str | None = None, bundled: bool = True
) -> list[Path]:
    """The bundled facts, then the `C5LENS_FACTS_PATH` entries, then `extra`, in that order."""
    dirs = [bundled_facts_dir()] if bundled else []
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += list(extra)
    return dirs
