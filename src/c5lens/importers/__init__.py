"""Importers that turn outside sources into fact files."""
