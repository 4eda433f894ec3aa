import pytest

from qms.core.scale.generate import Seeder

# The one-stop files at a tenth of the scale: they take most of the seeding time (40 of 52 s for one agency at
# 0.01 on SQLite), and a tenth is still 1,000 files at 0.01, twenty register pages. tests/scale/test_seed_scale.py
# checks the share itself.
SHARES = {"cases.files": 0.1}


@pytest.fixture
def seed_scale(db):
    """Seed a small province data set with the seed_scale generators; returns the Seeder's counts."""

    def seed(scale, agencies=1, seed=42, shares=SHARES):
        return Seeder(agencies=agencies, scale=scale, seed=seed, log=lambda *a: None, shares=shares).run()

    return seed
