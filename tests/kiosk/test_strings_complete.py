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
