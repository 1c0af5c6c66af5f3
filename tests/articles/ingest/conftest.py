"""Fixtures for ingestion tests: the people of the sample articles, seed paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require_service
from tests.factories import PersonFactory

# The sample articles live beside the repository (../shared/seeds), as the issues say; a copy
# in tests/fixtures/seeds keeps a clone that has no ../shared testable.
SHARED_SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
SEEDS = Path(
    os.environ.get("SEEDS_DIR")
    or (
        SHARED_SEEDS
        if SHARED_SEEDS.is_dir()
        else Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
    )
)


@pytest.fixture
def seed_paths() -> list[Path]:
    """The two sample articles."""
    paths = sorted(SEEDS.glob("*.txt"))
    if len(paths) < 2:
        require_service(f"sample articles not found in {SEEDS}")
    return paths


@pytest.fixture
def seed_people(db):
    """The speakers of the sample articles, spelled as the catalogue spells them."""
    return {
        "pezeshkian": PersonFactory(
            slug="masoud-pezeshkian",
            name="Masoud Pezeshkian",
            name_fa="مسعود پزشکیان",
            other_names=["Pezeshkian"],
            role="President of Iran",
        ),
        "rashid": PersonFactory(
            slug="abdul-latif-rashid",
            name="Abdul Latif Rashid",
            name_ar="عبد اللطيف رشيد",
            other_names=["Abdul Latif Rashid", "Latif Rashid"],
            role="President of Iraq",
        ),
        "araji": PersonFactory(
            slug="qassem-al-araji",
            name="Qassem al-Araji",
            name_ar="قاسم الأعرجي",
            other_names=["al-Araji", "Araji"],
            role="National Security Advisor of Iraq",
        ),
    }
