"""Parser options: a frozen, validated record."""

from __future__ import annotations

import codecs

import attrs

from ..schema import Edition

__all__ = ["ParseOptions"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _check_encoding(_: object, __: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None:
        codecs.lookup(value)  # LookupError for an unknown encoding


def _to_edition(value: Edition | str | None) -> Edition | None:
    return None if value is None else Edition(value)


@attrs.frozen
class ParseOptions:
    """How to parse: ``encoding`` override, forced ``edition``, ``max_bytes`` bound."""

    encoding: str | None = attrs.field(default=None, kw_only=True, validator=_check_encoding)
    edition: Edition | None = attrs.field(default=None, kw_only=True, converter=_to_edition)
    max_bytes: int = attrs.field(default=DEFAULT_MAX_BYTES, kw_only=True, validator=attrs.validators.gt(0))
