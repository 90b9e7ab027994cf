"""What the parser returns: the report, its diagnostics, and where each value came from."""

from __future__ import annotations

import warnings
from typing import Any, Protocol

import attrs

from ..schema import Edition, Report
from ._document import Document, Location

__all__ = ["Ambiguous", "Diagnostic", "Outline", "Parsed", "Provenance"]


class _MakesDocument(Protocol):
    """A text report's layout (recognizer._stream.TextLayout): its Document, made when asked."""

    source_format: str

    @property
    def document(self) -> Document: ...


class _Source(Protocol):
    """The text stream a lazily resolved Provenance reads its location and text from."""

    def loc(self, i: int) -> Location: ...
    def where(self, i: int) -> str: ...
    def snippet(self, start: int, end: int) -> str: ...


class Provenance:
    """Where one value was read: location, the source text, whether it was inferred, and
    whether its row label matched the template's only approximately (a misspelt label).

    Immutable, compared and hashed by these four fields. The parser resolves
    ``location`` and ``text`` from offsets in its text stream only when they are
    first read: checking a report never pays for the locations of its cells.
    """

    __slots__ = ("_location", "_source", "_text", "fuzzy", "inferred")
    _location: Location | None
    _text: str | None
    _source: tuple[_Source, int, int] | None
    inferred: bool
    fuzzy: bool

    def __init__(self, location: Location, text: str, inferred: bool = False, fuzzy: bool = False) -> None:
        _set = object.__setattr__
        _set(self, "_location", location)
        _set(self, "_text", text)
        _set(self, "_source", None)
        _set(self, "inferred", inferred)
        _set(self, "fuzzy", fuzzy)

    @classmethod
    def _at(cls, source: _Source, start: int, end: int, inferred: bool) -> Provenance:
        """The value printed between offsets ``start`` and ``end`` of a text stream, resolved when read."""
        return _provenance_at(source, start, end, inferred)

    def _resolve(self) -> None:
        assert self._source is not None
        source, start, end = self._source
        object.__setattr__(self, "_location", source.loc(start))
        object.__setattr__(self, "_text", source.snippet(start, end))
        object.__setattr__(self, "_source", None)

    def _where(self) -> str:
        """``str(self.location)``; from the stream without resolving, while unresolved."""
        if self._source is not None:
            return self._source[0].where(self._source[1])
        return str(self._location)

    @property
    def location(self) -> Location:
        """Where the value was read (line and column, table cell, page and box)."""
        if self._location is None:
            self._resolve()
        assert self._location is not None
        return self._location

    @property
    def text(self) -> str:
        """The source text of the value, as printed."""
        if self._text is None:
            self._resolve()
        assert self._text is not None
        return self._text

    @property
    def confidence(self) -> float | None:
        """The OCR confidence of the text (0-1), for a value read from a scan; None otherwise."""
        return self.location.confidence

    def replace(self, *, inferred: bool | None = None, fuzzy: bool | None = None) -> Provenance:
        """A copy with ``inferred`` or ``fuzzy`` changed (still resolved lazily)."""
        new = object.__new__(Provenance)
        for name in self.__slots__:
            object.__setattr__(new, name, getattr(self, name))
        if inferred is not None:
            object.__setattr__(new, "inferred", inferred)
        if fuzzy is not None:
            object.__setattr__(new, "fuzzy", fuzzy)
        return new

    def _key(self) -> tuple[Location, str, bool, bool]:
        return (self.location, self.text, self.inferred, self.fuzzy)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Provenance:
            return NotImplemented
        assert isinstance(other, Provenance)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Provenance(location={self.location!r}, text={self.text!r}, "
            f"inferred={self.inferred!r}, fuzzy={self.fuzzy!r})"
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __reduce__(self) -> tuple[type[Provenance], tuple[Location, str, bool, bool]]:
        return (Provenance, self._key())


def _slot_setters() -> Any:
    return tuple(Provenance.__dict__[name].__set__ for name in ("_location", "_text", "_source", "inferred", "fuzzy"))


_SET_LOCATION, _SET_TEXT, _SET_SOURCE, _SET_INFERRED, _SET_FUZZY = _slot_setters()


def _provenance_at(source: _Source, start: int, end: int, inferred: bool) -> Provenance:
    """``Provenance._at``: the parser makes one per cell read, so its slots are set through their
    descriptors (half the time of ``object.__setattr__``, which looks each name up first)."""
    self = _new_provenance(Provenance)
    _SET_LOCATION(self, None)
    _SET_TEXT(self, None)
    _SET_SOURCE(self, (source, start, end))
    _SET_INFERRED(self, inferred)
    _SET_FUZZY(self, False)
    return self


_new_provenance = object.__new__


@attrs.frozen
class Diagnostic:
    """Something in the document the parser could not read, map or decide.

    ``code`` is stable (``cell-not-read``, ``row-not-mapped``, ``number-left-over``,
    ``ambiguous-run``, ``inferred-split``, ``edition-mismatch``, ...; every code, and
    which ones mean a number may be missing or unreliable, on the reference page
    "Diagnostic codes"). Messages follow
    the one convention of every record with prose: ``message_en`` and ``message_zh``
    (as on [Finding][govdisclosure.Finding] and [Diagnosis][govdisclosure.Diagnosis]).
    """

    code: str
    message_en: str
    message_zh: str
    location: Location | None = None
    cells: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """Deprecated alias of ``message_en`` (the name before 0.2)."""
        warnings.warn("Diagnostic.message is deprecated: use message_en", DeprecationWarning, stacklevel=2)
        return self.message_en

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as JSON: code, messages, line, column, location (as text), cells."""
        loc = self.location
        return {
            "code": self.code,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "location": str(loc) if loc else None,
            "cells": list(self.cells),
        }


@attrs.frozen
class Ambiguous:
    """A digit run the report alone cannot split: its cells, and every reading still possible
    (each a tuple of cell texts, in the order of ``cells``). Another year's report may settle it."""

    cells: tuple[str, ...]
    readings: tuple[tuple[str, ...], ...]


@attrs.frozen
class Outline:
    """How the report is laid out, for the rules on completeness (issue 19 §1).

    ``headings``: every section heading found, in reading order: (section id, the numeral
    printed before it or ``None``, offset in the text stream). ``regions``: (id, start, end)
    of each table and text section located. ``labels``: the rows (``requests.granted``)
    whose label was found in the tables, values read or not. ``length``: of the stream;
    ``keys``: the stream as labels are matched on; ``edition``: the template the tables were
    read on.
    ``loose``: numbered lines naming a section in other words (:func:`numbered_headings`).
    ``absent``: rows of tables 二 and 三 whose label (its last six characters) is nowhere in
    the text: not printed, as opposed to printed and not read. ``absent_columns``: likewise
    the columns of tables 三 and 四 whose header is nowhere in the table.
    """

    headings: tuple[tuple[str, str | None, int], ...] = ()
    regions: tuple[tuple[str, int, int], ...] = ()
    labels: frozenset[str] = frozenset()
    length: int = 0
    keys: str = attrs.field(default="", repr=False)
    edition: Edition | None = None

    @property
    def loose(self) -> tuple[tuple[str, str, int], ...]:
        """Numbered lines naming a section in other words (read from the text when asked)."""
        from .recognizer._locate import numbered_headings

        return tuple(numbered_headings(self.keys))

    @property
    def absent(self) -> frozenset[str]:
        """Rows of tables 二 and 三 whose label is nowhere in the text (read when asked)."""
        from .recognizer._locate import absent_rows

        return absent_rows(self.keys, self.labels, self.edition) if self.edition is not None else frozenset()

    @property
    def absent_columns(self) -> tuple[tuple[str, str, str], ...]:
        """(table id, column id, header label) of columns of tables 三 and 四 whose header is
        nowhere in the table's text (read when asked)."""
        from .recognizer._locate import absent_columns

        return absent_columns(self.keys, self.regions, self.edition) if self.edition is not None else ()


@attrs.frozen
class Parsed:
    """A parsed report: ``report``, ``diagnostics``, ``provenance`` (cell id → Provenance).

    ``report`` is a [Report2019][govdisclosure.Report2019], a
    [Report2021][govdisclosure.Report2021] or, for a pre-template report whose tables
    cannot be mapped, a [ReportLegacy][govdisclosure.ReportLegacy]: narrow it with
    ``isinstance`` before reading the tables. ``document`` is what the reader saw;
    ``encoding`` the text encoding used (``None`` for DOCX, PDF and str input).

    Immutable and hashable: equal results (same report, diagnostics, provenance and
    encoding) hash alike, so a ``Parsed`` can be a set member or a dict key. The hash
    leaves out ``provenance`` (a dict), which equality compares.
    """

    report: Report
    diagnostics: tuple[Diagnostic, ...]
    provenance: dict[str, Provenance] = attrs.field(hash=False)
    # ``document`` (the argument's name): a Document, or for a text report what makes it when
    # first read (the parser itself reads the text straight from its lines)
    _document: Document | _MakesDocument | None = attrs.field(default=None, repr=False, eq=False)
    encoding: str | None = None
    ambiguous: tuple[Ambiguous, ...] = attrs.field(default=(), repr=False, eq=False)
    outline: Outline | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def document(self) -> Document | None:
        """What the reader saw: blocks of text and table grids, each with its location."""
        doc = self._document
        if doc is None or isinstance(doc, Document):
            return doc
        made = doc.document
        object.__setattr__(self, "_document", made)
        return made


def source_format(parsed: Parsed) -> str | None:
    """The format the report was read from (``Parsed.document.source_format``), without making
    a text report's Document to learn it."""
    doc = parsed._document
    return doc.source_format if doc is not None else None
