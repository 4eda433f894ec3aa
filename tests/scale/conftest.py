import pytest

from qms.core.scale.generate import Seeder


@pytest.fixture
def seed_scale(db):
    """Seed a small province data set with the seed_scale generators; returns the Seeder's counts."""

    def seed(scale, agencies=1, seed=42):
        return Seeder(agencies=agencies, scale=scale, seed=seed, log=lambda *a: None).run()

    return seed
