"""Griffe extension: Sphinx roles in docstrings become mkdocstrings cross-references.

The code's docstrings are written for people reading the source, in the Sphinx habit
(``:class:`~govdisclosure.ParseError```); on the site they should be links. A role whose
target is a public name (``govdisclosure.X`` with X in ``__all__``, or a bare ``X`` in
``__all__``) becomes ``[X][govdisclosure.X]``; any other target becomes code. The
project's cell contract, cited as ``spec/cells.md`` in the rules, is the generated
cell reference page.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

import govdisclosure

PUBLIC = frozenset(govdisclosure.__all__)
ROLE = re.compile(r":(?:class|func|meth|mod|exc|data|attr|obj):`(~?)([\w.]+)`")


def _link(m: re.Match[str]) -> str:
    tilde, target = m.group(1), m.group(2)
    last = target.rsplit(".", 1)[-1]
    if last in PUBLIC and target in (last, f"govdisclosure.{last}"):
        return f"[{last}][govdisclosure.{last}]"
    return f"`{last if tilde else target}`"


def rewrite(text: str) -> str:
    text = ROLE.sub(_link, text)
    return text.replace("``spec/cells.md``", "the cell reference").replace("spec/cells.md", "the cell reference")


class SphinxRoles(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
