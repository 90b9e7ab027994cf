from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

FIXTURES = HERE / "fixtures"

# The OCR models rewritten (parse/readers/_lean.py) are cached here, not in the user's ~/.cache
os.environ.setdefault("GOVDISCLOSURE_CACHE_DIR", tempfile.mkdtemp(prefix="govdisclosure-test-cache-"))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


# Timing belongs to the benchmark script, not to tests: no per-example deadline
# (the first call loads OpenCC's dictionaries and would trip it at random).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "govdisclosure",
    deadline=None,
    print_blob=True,
    # a busy machine makes data generation slow; that is no failure of the code under test
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("govdisclosure")
