"""In a real browser (Debian's Chromium): sign up on the activation page, land on one's own page,
cancel. Checks what a unit test cannot: the form opens without JavaScript, CSRF and CSP hold."""

from datetime import timedelta

import pytest

from signups.models import SignUp
from tests import factories
from tests.browser import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_and_cancel_in_a_browser(live_site, new_page):
    org = factories.organization()
    festival = factories.activation(org, slug="browser-fest", title="Browser Fest")
    session = factories.session_starting_in(timedelta(hours=3), festival, capacity=1, title="Breathwork")
    factories.signup(session, display_name="Early bird")
    page = new_page(PHONE)

    page.goto(f"{live_site}/a/browser-fest/")
    assert "Full · nobody on the waiting list yet" in page.content()
    page.get_by_text("Join the waiting list").first.click()
    page.get_by_label("Your name").fill("Robin")
    page.get_by_label("Email (optional)").fill("robin@")
    page.get_by_role("button", name="Join the waiting list").click()
    assert "does not look like an email address" in page.content()
    assert page.get_by_label("Your name").input_value() == "Robin"  # kept

    page.get_by_label("Email (optional)").fill("")
    page.get_by_role("button", name="Join the waiting list").click()
    signup = SignUp.objects.get(display_name="Robin")
    assert page.url.split("#")[0] == f"{live_site}/signups/{signup.token}/"
    assert "You're number 1 on the waiting list." in page.inner_text("main")

    page.locator("summary", has_text="Leave the waiting list").click()  # opens the "are you sure?"
    assert "You'll lose your place in the queue (number 1)." in page.inner_text("main")
    page.get_by_role("button", name="Yes, leave the waiting list").click()
    assert "Your sign-up is cancelled" in page.inner_text("main")
    signup.refresh_from_db()
    assert signup.status == "cancelled"
    assert page.errors == []
