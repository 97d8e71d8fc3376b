"""The scenario builder drives a platform to ``active`` on every store."""

from collections.abc import Callable

from cocreation_domain import CoCreation
from cocreation_domain.testing import Scenario


def test_platform_becomes_active_on_every_store(make_app: Callable[[], CoCreation]) -> None:
    """R-PLAT-3: with every current goal baselined the platform is active."""
    s = Scenario.start(make_app())
    platform = s.platform()
    s.active(platform)
    assert make_app().get_platform(platform).state == "active"
