"""The Gherkin acceptance suite: every scenario runs once per adapter set
(memory, sqlite, postgres; narrow it with ``--adapters``)."""

from __future__ import annotations

import pytest

from techstore.container import Container
from techstore.infrastructure.clock import ManualClock

# Step definitions are fixtures: importing them here makes them visible to every scenario.
from tests.acceptance.steps.api import *  # noqa: F403
from tests.acceptance.steps.cash import *  # noqa: F403
from tests.acceptance.steps.catalog import *  # noqa: F403
from tests.acceptance.steps.common import *  # noqa: F403
from tests.acceptance.steps.customers import *  # noqa: F403
from tests.acceptance.steps.health import *  # noqa: F403
from tests.acceptance.steps.passwords import *  # noqa: F403
from tests.acceptance.steps.repairs import *  # noqa: F403
from tests.acceptance.steps.reports import *  # noqa: F403
from tests.acceptance.steps.returns import *  # noqa: F403
from tests.acceptance.steps.sales import *  # noqa: F403
from tests.acceptance.steps.sessions import *  # noqa: F403
from tests.acceptance.steps.signing_in import *  # noqa: F403
from tests.acceptance.steps.story import Story
from tests.acceptance.steps.users import *  # noqa: F403
from tests.acceptance.steps.web import *  # noqa: F403


@pytest.fixture(autouse=True)
def _on_every_adapter_set(container: Container) -> None:
    """Requesting ``container`` here is what parametrises each scenario over the
    adapter sets; pytest-bdd cannot add the parameter from a step."""


@pytest.fixture
def story(container: Container, clock: ManualClock) -> Story:
    return Story(container, clock)
