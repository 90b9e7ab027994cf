from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

FIXTURES = HERE / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
