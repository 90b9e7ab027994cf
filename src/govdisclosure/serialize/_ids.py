"""Schema ids and the forms of meta's citation fields: a leaf the serializers and the schema builder share."""

from __future__ import annotations

__all__ = ["META_PATTERNS", "SCHEMA_BASE", "SCHEMA_REVISION", "schema_id"]

# Schema ids are URNs, not URLs: nothing needs to be fetched to use them, and no host has
# to stay up. ``urn:govdisclosure:schema:NAME:REVISION``; the revision is raised whenever a
# document valid under the old schema may be invalid under the new one (docs: reference/schemas).
SCHEMA_BASE = "urn:govdisclosure:schema:"
SCHEMA_REVISION = "1"


def schema_id(name: str) -> str:
    """The id of a shipped schema: ``schema_id("report-2021")`` is ``urn:govdisclosure:schema:report-2021:1``."""
    return f"{SCHEMA_BASE}{name}:{SCHEMA_REVISION}"


# The citation fields of meta and the forms the schema allows them (serialize/_jsonschema.py).
META_PATTERNS = {
    "published": r"\d{4}-\d{2}-\d{2}",
    "published_from": r"html-meta|page|crawler-header|pdf-metadata",
    "signed": r"\d{4}-\d{2}-\d{2}",
    "sha256": r"[0-9a-f]{64}",
    "source_url": r"\S+",
}
