"""Every kiosk language has every word the English kiosk has: a missing one would show English
in the middle of a Japanese screen (the kiosk falls back word by word)."""

import pytest

from tests.kiosk.conftest import pair_tablet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_kiosk_language_lacks_a_word(tablet, organizer_actor, festival):
    pair_tablet(tablet, organizer_actor, festival)
    strings = tablet.evaluate("window.KIOSK_STRINGS")
    assert len(strings) == 11  # the ten of before, and Arabic
    english = set(strings["en"])
    missing = {language: sorted(english - set(words)) for language, words in strings.items() if english - set(words)}
    assert missing == {}
    # And they are translated, not copied: the party question differs from the English one.
    assert all(words["places"] != strings["en"]["places"] for language, words in strings.items() if language != "en")


def test_arabic_turns_the_kiosk_right_to_left(tablet, organizer_actor, festival):
    pair_tablet(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="English").click()
    tablet.get_by_role("button", name="العربية").click()
    tablet.get_by_role("heading", name="ورش اليوم").wait_for()
    assert tablet.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    # The layout mirrors: the booth's name at the right, "Need help now" at the left.
    title = tablet.locator(".k-title").bounding_box()
    help_button = tablet.get_by_role("button", name="أحتاج مساعدة الآن").bounding_box()
    assert help_button["x"] + help_button["width"] < title["x"]
    tablet.get_by_role("button", name="العربية").click()
    tablet.get_by_role("button", name="English").click()
    tablet.get_by_role("heading", name="Today's workshops").wait_for()
    assert tablet.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]


@pytest.mark.parametrize("language, name", [("ar", "العربية"), ("ja", "日本語"), ("de", "Deutsch")])
def test_the_sign_up_screen_is_accessible_in_arabic_japanese_and_german(axe_tablet, organizer_actor, festival, language, name):
    """The longest attendee screen (a party, access needs) in a right-to-left, a CJK and a long-worded
    language: axe finds nothing in either orientation (KIOSK_SHOTS saves them to look at)."""
    from datetime import timedelta

    from django.utils import timezone

    from tests import factories
    from tests.kiosk.browser_support import check_screen

    now = timezone.now()
    factories.session(
        festival,
        title="Guided breathwork",
        starts_at=now + timedelta(minutes=50),
        ends_at=now + timedelta(minutes=95),
        capacity=8,
        max_party_size=4,
    )
    pair_tablet(axe_tablet, organizer_actor, festival)
    axe_tablet.get_by_role("button", name="English").click()
    axe_tablet.get_by_role("button", name=name).click()
    axe_tablet.get_by_role("button", name="Guided breathwork").click()
    axe_tablet.locator("#screen-signup").wait_for()
    assert axe_tablet.evaluate("document.documentElement.lang") == language
    assert axe_tablet.locator("#k-party").is_visible()
    check_screen(axe_tablet, f"signup-{language}")
