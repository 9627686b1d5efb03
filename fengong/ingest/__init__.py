"""Ingest: read source files and parse them into typed records (no RDF)."""

from fengong.ingest.reader import SourceText, decode_source, read_source
from fengong.ingest.table import parse_table_document

__all__ = ["SourceText", "decode_source", "parse_table_document", "read_source"]
