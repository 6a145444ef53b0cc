"""Every kiosk language has every word the English kiosk has: a missing one would show English
in the middle of a Japanese screen (the kiosk falls back word by word)."""

import pytest

from tests.kiosk.conftest import pair_tablet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_kiosk_language_lacks_a_word(tablet, organizer_actor, festival):
    pair_tablet(tablet, organizer_actor, festival)
    strings = tablet.evaluate("window.KIOSK_STRINGS")
    assert len(strings) == 10
    english = set(strings["en"])
    missing = {language: sorted(english - set(words)) for language, words in strings.items() if english - set(words)}
    assert missing == {}
    # And they are translated, not copied: the party question differs from the English one.
    assert all(words["places"] != strings["en"]["places"] for language, words in strings.items() if language != "en")
