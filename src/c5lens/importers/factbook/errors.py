"""The exceptions the Factbook importer raises."""

from __future__ import annotations


class FactbookError(Exception):
    """Base of the errors the Factbook importer raises."""


class FigureError(FactbookError, ValueError):
    """A Factbook string that is not a figure c5lens can read without guessing."""


class NotAvailable(FigureError):
    """The Factbook prints NA: it has no figure for this field."""


class OutDirError(FactbookError):
    """The directory to write into does not exist or is not a directory."""
