"""The insight tests' one world (``dashboard_world.build_world``): ``world`` for the dashboard's
figures, ``public_world`` (the same and a few more rows) for the comparison with the public
numbers."""

import pytest

from .dashboard_world import build_world


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def public_world():
    return build_world(public_extras=True)
