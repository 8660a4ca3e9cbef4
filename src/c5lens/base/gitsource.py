"""A facts directory as it was at a git revision, read with git's plumbing into a temporary
directory: the working tree is never checked out or touched."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

PREFIX = "git:"
DEFAULT_PATH = "facts"


class GitSourceError(Exception):
    """The revision cannot be read: no repository, no such revision, or no such directory."""


def is_git_spec(text: str) -> bool:
    return text.startswith(PREFIX)


def parse_spec(text: str) -> tuple[str, str]:
    """`git:REV` or `git:REV:PATH` as (REV, PATH); PATH is relative to the repository's top and
    is `facts` when not given."""
    rest = text[len(PREFIX) :]
    rev, _, path = rest.partition(":")
    if not rev:
        raise GitSourceError(f"{text!r} names no revision (expected git:REV or git:REV:PATH)")
    return rev, path.strip("/") or DEFAULT_PATH


def _git(args: list[str], cwd: Path, data: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=data, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitSourceError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitSourceError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _top(cwd: Path) -> Path:
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitSourceError:
        raise GitSourceError(f"not a git repository: {cwd}") from None
    return Path(out.decode().strip())


def _entries(top: Path, rev: str, path: str) -> list[tuple[str, str]]:
    """(blob id, path under `path`) of each regular file of `path` at `rev`."""
    try:
        commit = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top
        )
    except GitSourceError:
        raise GitSourceError(f"unknown revision {rev!r} in {top}") from None
    oid = commit.decode().strip()
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", oid, "--", path], top)
    out = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue  # symbolic links and submodules are not fact files
        rel = PurePosixPath(name.decode("utf-8", "surrogateescape")).relative_to(path)
        out.append((blob, str(rel)))
    if not out:
        raise GitSourceError(f"no directory {path!r} at revision {rev!r}")
    return out


def _write_blobs(top: Path, entries: list[tuple[str, str]], root: Path) -> None:
    stream = _git(["cat-file", "--batch"], top, "".join(f"{b}\n" for b, _ in entries).encode())
    pos = 0
    for blob, rel in entries:
        header_end = stream.index(b"\n", pos)
        got, _kind, size = stream[pos:header_end].decode().split()
        if got != blob:
            raise GitSourceError(f"git cat-file gave {got} for {blob}")
        start = header_end + 1
        end = start + int(size)
        parts = PurePosixPath(rel).parts
        if any(p in ("", ".", "..") for p in parts):
            raise GitSourceError(f"refusing the path {rel!r}")
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(stream[start:end])
        pos = end + 1  # the newline after each object's content


@contextmanager
def checkout_free(spec: str, cwd: Path) -> Iterator[Path]:
    """The facts directory named by `spec` (`git:REV[:PATH]`) of the repository holding `cwd`,
    written to a temporary directory that is removed on exit."""
    rev, path = parse_spec(spec)
    top = _top(cwd)
    entries = _entries(top, rev, path)
    with tempfile.TemporaryDirectory(prefix="c5lens-git-") as tmp:
        root = Path(tmp) / "facts"
        root.mkdir()
        _write_blobs(top, entries, root)
        yield root
