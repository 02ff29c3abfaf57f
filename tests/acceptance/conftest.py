"""The Gherkin acceptance suite: every scenario runs once per adapter set
(memory, sqlite, postgres; narrow it with ``--adapters``)."""

from __future__ import annotations

import importlib

import pytest

from techstore.container import Container
from techstore.container.contexts import CONTEXTS
from techstore.infrastructure.clock import ManualClock
from tests.acceptance.steps.story import Story

# Step definitions are fixtures: bringing a step module's names into this conftest (as ``import *``
# would) makes its steps visible to every scenario. The shared steps, then each context's own.
SHARED_STEPS = ("api", "common", "health", "web")
for _name in (*SHARED_STEPS, *(step for context in CONTEXTS for step in context.steps)):
    _module = importlib.import_module(f"tests.acceptance.steps.{_name}")
    globals().update({key: value for key, value in vars(_module).items() if not key.startswith("_")})


@pytest.fixture(autouse=True)
def _on_every_adapter_set(container: Container) -> None:
    """Requesting ``container`` here is what parametrises each scenario over the
    adapter sets; pytest-bdd cannot add the parameter from a step."""


@pytest.fixture
def story(container: Container, clock: ManualClock) -> Story:
    return Story(container, clock)
