import pytest

from stemcharter.charter.tests.factories import CharterVersionFactory


@pytest.fixture
def charter():
    """The published charter that a signing signs (version 1)."""
    return CharterVersionFactory(number=1)
