"""Start-up: the package and the CLI import only what they use; every public name still works.

No timing here (benchmarks/bench_import.py measures it): these tests pin down which
modules an import pulls in, which is what the time follows.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import govdisclosure as gd

HEAVY = ("cattrs", "jsonschema", "csv", "hashlib", "govdisclosure._batch", "multiprocessing", "datetime")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_import_govdisclosure_loads_no_subpackage() -> None:
    loaded = _loaded_after("import govdisclosure")
    assert not {m for m in loaded if m.startswith("govdisclosure.")} - {"govdisclosure.exceptions"}
    assert "attrs" not in loaded


def test_the_cli_and_the_core_load_nothing_heavy() -> None:
    for code in (
        "import govdisclosure.cli",
        "import govdisclosure as gd; gd.parse; gd.check; gd.cells; gd.Report",
    ):
        loaded = _loaded_after(code)
        assert not loaded & set(HEAVY), (code, loaded & set(HEAVY))
    loaded = _loaded_after("import govdisclosure.cli")  # `govdisclosure cells FILE` needs no rules, no renderer
    assert not {m for m in loaded if m.startswith("govdisclosure.rules")}
    assert "govdisclosure.serialize._render" not in loaded


def test_to_json_needs_no_validator() -> None:
    code = "import govdisclosure as gd\nfrom govdisclosure.testing import make_report\ngd.to_json(make_report())"
    loaded = _loaded_after(code)
    assert "cattrs" in loaded
    assert "jsonschema" not in loaded


@pytest.mark.parametrize("name", gd.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(gd, name) is not None
    assert name in dir(gd)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        gd.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    import govdisclosure.rules as rules
    import govdisclosure.serialize as serialize

    for module in (rules, serialize):
        with pytest.raises(AttributeError):
            module.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    assert [n for n in rules.__all__ if not hasattr(rules, n)] == []
    assert [n for n in serialize.__all__ if not hasattr(serialize, n)] == []


def test_parse_stays_the_function_after_the_subpackage_is_imported() -> None:
    code = (
        "import govdisclosure.parse.readers._text\nimport govdisclosure.cli\nimport govdisclosure as gd\n"
        "assert callable(gd.parse), gd.parse\nfrom govdisclosure import parse\nassert callable(parse)\n"
        "from govdisclosure.parse import ParseOptions\nassert gd.ParseOptions is ParseOptions"
    )
    _loaded_after(code)
