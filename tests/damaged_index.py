"""An index of some facts directories, kept whole to be damaged again and again, and what each
command prints without any index: the corruption suites' common ground."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_index_corruption import c5


class DamagedIndex:
    """Build the index of `dirs` (beside the bundled facts) in `cache` with `commands`, keep its
    bytes, and compare what the commands print after each damage with `C5LENS_NO_CACHE=1`."""

    def __init__(self, dirs: list[Path], cache: Path, commands: list[list[str]]) -> None:
        self.dirs, self.cache, self.commands = dirs, cache, commands
        self.expected = [self.run(a, off=True) for a in commands]
        for args in commands:
            self.run(args)
        self.path = next((cache / "c5lens").glob("index-*.sqlite"))
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        self.data = self.path.read_bytes()

    def run(self, args: list[str], off: bool = False) -> tuple[int, str, str]:
        more = [a for d in self.dirs for a in ("--facts-dir", str(d))]
        return c5([*args, *more], self.cache, off)

    def reset(self) -> None:
        """The index as built, without a WAL, shared memory or journal of a later run."""
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.path.write_bytes(self.data)

    def alter(self, *statements: str, rows: bool = False) -> None:
        """The index as built, then changed by `statements` (with `rows`: each must change one)."""
        self.reset()
        conn = sqlite3.connect(self.path, isolation_level=None)
        for statement in statements:
            changed = conn.execute(statement).rowcount
            assert not rows or changed >= 1, statement
        conn.close()

    def one(self, sql: str) -> object:
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()

    def assert_same(self) -> None:
        for args, expected in zip(self.commands, self.expected, strict=True):
            code, out, err = self.run(args)
            assert "internal error" not in err
            assert (code, out, err) == expected, args
