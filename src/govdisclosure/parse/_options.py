"""Parser options: a frozen, validated record, with every resource bound in one place."""

from __future__ import annotations

import codecs

import attrs

from ..schema import Edition

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CELLS",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_INFLATED",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_MAX_PAGE_OBJECTS",
    "DEFAULT_MAX_SECONDS",
    "DEFAULT_MAX_STREAM_BYTES",
    "ParseOptions",
]

#: The input bound, in bytes (20 MiB): checked before anything is read. A report is rarely over 2 MB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Grid positions (merged cells expanded) plus paragraphs in one document.
DEFAULT_MAX_CELLS = 200_000
#: Characters of text in one document (cells and paragraphs): recognition costs a few microseconds each.
DEFAULT_MAX_CHARS = 2_000_000
#: Bytes inflated from a .docx (all parts read), counted as they come out, whatever the zip headers say.
DEFAULT_MAX_INFLATED = 64 * 1024 * 1024
#: Pages read from a PDF.
DEFAULT_MAX_PAGES = 500
#: Characters plus graphic objects (lines, rectangles, curves) on one PDF page; five times this in all.
DEFAULT_MAX_PAGE_OBJECTS = 20_000
#: Bytes of PDF content streams, inflated, all pages together.
DEFAULT_MAX_STREAM_BYTES = 8 * 1024 * 1024
#: Seconds (wall clock) spent reading one document by OCR: scanned PDF pages and page images.
#: A scanned page costs seconds; the bound stops a hostile or huge scan.
DEFAULT_MAX_SECONDS = 300.0


def _check_encoding(_: object, __: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None:
        codecs.lookup(value)  # LookupError for an unknown encoding


def _to_edition(value: Edition | str | None) -> Edition | None:
    return None if value is None else Edition(value)


def _bound(default: int) -> int:
    return attrs.field(default=default, kw_only=True, validator=attrs.validators.gt(0))


@attrs.frozen
class ParseOptions:
    """How to parse: ``encoding`` override, forced ``edition``, and the resource bounds.

        Every bound is checked as the input is read; past one, parsing stops with
        :class:`~govdisclosure.InputTooLargeError` naming it. ``max_bytes`` (default
        20 MiB = 20,971,520 bytes) is checked before reading: on the file's size, on
        ``len(bytes)``, or on the UTF-8 size of a str. ``max_cells`` bounds grid
        positions (rowspan/colspan/gridSpan expanded) plus paragraphs; ``max_chars`` the
    characters of text in the document, checked before recognition; ``max_inflated``
        the bytes inflated from a .docx; ``max_pages``, ``max_page_objects`` and
        ``max_stream_bytes`` the pages, objects per page and inflated content streams
        of a PDF; ``max_seconds`` (default 300) the wall-clock time spent reading a
        document by OCR (scanned PDF pages, page images), past which parsing stops
        with :class:`~govdisclosure.TimeBudgetError`.
    """

    encoding: str | None = attrs.field(default=None, kw_only=True, validator=_check_encoding)
    edition: Edition | None = attrs.field(default=None, kw_only=True, converter=_to_edition)
    max_bytes: int = _bound(DEFAULT_MAX_BYTES)
    max_cells: int = _bound(DEFAULT_MAX_CELLS)
    max_chars: int = _bound(DEFAULT_MAX_CHARS)
    max_inflated: int = _bound(DEFAULT_MAX_INFLATED)
    max_pages: int = _bound(DEFAULT_MAX_PAGES)
    max_page_objects: int = _bound(DEFAULT_MAX_PAGE_OBJECTS)
    max_stream_bytes: int = _bound(DEFAULT_MAX_STREAM_BYTES)
    max_seconds: float = attrs.field(default=DEFAULT_MAX_SECONDS, kw_only=True, validator=attrs.validators.gt(0))
