"""Helpers shared by the end-to-end tests (Playwright in Debian's Chromium; the `page` fixture is in conftest)."""

from tabadul.accounts.tests.factories import TEST_PASSWORD


def sign_in(page, user) -> None:
    """Sign `user` in through the real form, leaving any earlier session behind."""
    page.context.clear_cookies()
    page.goto("/accounts/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
