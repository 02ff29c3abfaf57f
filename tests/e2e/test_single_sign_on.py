"""Signing in through a real OpenID provider on loopback (oidc-provider-mock), in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from oidc_provider_mock import User as ProviderAccount
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Page, expect

from techstore.application.identity.commands import UserChanges
from techstore.container import build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from tests.support import fast_hashing, serving, settings_for_tests

ACCOUNTS = [ProviderAccount(sub="rita", claims={"email": "rita@example.com", "email_verified": True})]


@pytest.fixture(scope="module")
def sso_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on SQLite, offering "Sign in with Example ID"; Rita (staff) has the provider's email."""
    var_dir = tmp_path_factory.mktemp("sso")
    with run_server_in_thread(require_nonce=True, user_claims=ACCOUNTS) as provider:
        url = f"sqlite:///{var_dir / 'sso.db'}"
        upgrade(url)
        settings = attrs.evolve(settings_for_tests(Path(var_dir), url),
                                oidc_issuer=f"http://localhost:{provider.server_port}", oidc_client_id="techstore",
                                oidc_client_secret="client-secret-for-tests", oidc_name="Example ID")
        container = build_container(settings, "sql")
        fast_hashing(container)
        rita = container.identity.provision_user()("rita", "rita-password-1", full_name="Rita Seller",
                                                    role=Role.STAFF)
        admin = container.identity.provision_user()("admin", "admin-password-1", full_name="Alex Admin",
                                                     role=Role.ADMIN)
        assert rita.id is not None
        container.identity.update_user()(admin, rita.id, UserChanges(email="Rita@Example.com"))
        with serving(create_app(container)) as base:
            yield base
        container.shutdown_resources()


def test_a_user_signs_in_through_the_provider_and_lands_on_the_dashboard(browser, sso_shop: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=sso_shop)
    page: Page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/login\?next="))
        page.get_by_role("link", name="Sign in with Example ID").click()
        # The provider's authorization page: Rita picks her account.
        expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
        page.get_by_role("button", name="rita", exact=True).click()
        expect(page).to_have_url(sso_shop + "/")
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
        expect(page.get_by_text("Rita Seller").first).to_be_visible()
        page.goto("/profile")
        expect(page.get_by_text("Rita@Example.com")).to_be_visible()
    finally:
        context.close()
