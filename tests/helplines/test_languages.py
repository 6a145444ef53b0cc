"""Language: ?lang=, then Accept-Language, then the country's first language, then English."""

import pytest


def html(client, path, **headers):
    return client.get(path, **headers).content.decode()


def test_lang_parameter_gives_japanese(client, directory):
    page = html(client, "/help/JP/?lang=ja")
    assert '<html lang="ja"' in page
    assert "今すぐ誰かと話す" in page and "よりそいホットライン" in page and "毎日 16:00～21:00" in page


def test_accept_language_is_used_when_there_is_no_parameter(client, directory):
    page = html(client, "/help/GB/", HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9,en;q=0.5")
    assert '<html lang="de"' in page and "Jetzt mit jemandem sprechen" in page


def test_the_parameter_beats_accept_language(client, directory):
    page = html(client, "/help/GB/?lang=es", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="es"' in page and "Habla con alguien ahora" in page


def test_without_either_the_countrys_first_language_then_english(client, directory):
    assert '<html lang="nl"' in html(client, "/help/BE/")
    assert '<html lang="en"' in html(client, "/help/DK/")  # Danish pages are not translated yet
    assert '<html lang="en"' in html(client, "/help/BE/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert '<html lang="pt"' in html(client, "/help/GB/", HTTP_ACCEPT_LANGUAGE="pt-BR")


def test_the_language_menu_names_each_language_in_itself(client, directory):
    page = html(client, "/help/GB/?lang=ja")
    for code, name in [("en", "English"), ("de", "Deutsch"), ("ja", "日本語"), ("ko", "한국어"), ("ar", "العربية")]:
        assert f'href="/help/GB/?lang={code}" lang="{code}"' in page and name in page


def test_arabic_pages_are_right_to_left(client, directory):
    page = html(client, "/help/EG/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in page and "في خطر مباشر؟" in page


@pytest.mark.parametrize(
    "lang,phrase",
    [
        ("es", "Habla con alguien ahora"),
        ("fr", "Parler à quelqu'un maintenant"),
        ("de", "Jetzt mit jemandem sprechen"),
        ("pt", "Fale com alguém agora"),
        ("it", "Parla con qualcuno adesso"),
        ("nl", "Praat nu met iemand"),
        ("sv", "Prata med någon nu"),
        ("ja", "今すぐ誰かと話す"),
        ("ko", "지금 바로 이야기하세요"),
    ],
)
def test_every_language_has_its_compiled_catalog(client, directory, lang, phrase):
    page = html(client, f"/help/NZ/?lang={lang}")
    assert phrase in page and "Talk to someone now" not in page


def test_the_honest_dates_speak_the_readers_language(client, directory):
    assert "Pas encore vérifié" in client.get("/help/LK/?lang=fr").content.decode()
    assert "Noch nicht geprüft" in client.get("/help/LK/?lang=de").content.decode()
    assert "未確認" in client.get("/help/LK/?lang=ja").content.decode()
