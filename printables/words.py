"""What a card says, in each language the help pages speak.

Written to be read by someone who may be in distress, in a crowd, at night: short, plain, warm,
no promises a line cannot keep (nothing says "24/7" unless the line is). Informal address where
the language's own crisis services use it with young people (es, de, it, nl, sv); formal where
they do not (fr, pt, ja, ko). Numbers, names, SMS keywords and hours come from the directory.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CardWords:
    headline: str
    subline: str
    emergency: str  # "{number}" is the country's emergency number
    lines_title: str
    checked: str  # "{date}"
    not_checked: str  # printed instead of a date when a printed number was never checked
    around_the_clock: str  # printed after a line that answers day and night
    more: str  # before the short URL on the back: "{url}"


WORDS: dict[str, CardWords] = {
    "en": CardWords(
        headline="Need to talk?",
        subline="Scan for free, confidential crisis lines near you.",
        emergency="In immediate danger? Call {number}",
        lines_title="Crisis lines",
        checked="Numbers checked on {date}",
        not_checked="Some numbers not yet checked",
        around_the_clock="24/7",
        more="More ways to get help: {url}",
    ),
    "es": CardWords(
        headline="¿Necesitas hablar?",
        subline="Escanea el código: líneas de ayuda gratuitas y confidenciales cerca de ti.",
        emergency="¿En peligro inmediato? Llama al {number}",
        lines_title="Líneas de ayuda",
        checked="Números comprobados el {date}",
        not_checked="Algunos números aún no comprobados",
        around_the_clock="24 h",
        more="Más formas de pedir ayuda: {url}",
    ),
    "fr": CardWords(
        headline="Besoin de parler\u00a0?",
        subline="Scannez le code\u00a0: des lignes d’écoute gratuites et confidentielles près de vous.",
        emergency="En danger immédiat\u00a0? Appelez le {number}",
        lines_title="Lignes d’écoute",
        checked="Numéros vérifiés le {date}",
        not_checked="Certains numéros pas encore vérifiés",
        around_the_clock="24h/24",
        more="Plus d’aide\u00a0: {url}",
    ),
    "de": CardWords(
        headline="Reden hilft.",
        subline="Scanne den Code: kostenlose, vertrauliche Krisentelefone in deiner Nähe.",
        emergency="In akuter Gefahr? Notruf {number}",
        lines_title="Krisentelefone",
        checked="Nummern geprüft am {date}",
        not_checked="Einige Nummern noch nicht geprüft",
        around_the_clock="rund um die Uhr",
        more="Mehr Hilfe: {url}",
    ),
    "pt": CardWords(
        headline="Precisa de ajuda?",
        subline="Leia o código QR: linhas de apoio gratuitas e confidenciais na sua região.",
        emergency="Em perigo imediato? Ligue {number}",
        lines_title="Linhas de apoio",
        checked="Números verificados em {date}",
        not_checked="Alguns números ainda não verificados",
        around_the_clock="24 h",
        more="Mais formas de ajuda: {url}",
    ),
    "it": CardWords(
        headline="Hai bisogno di parlare?",
        subline="Inquadra il codice: linee di ascolto gratuite e riservate vicino a te.",
        emergency="In pericolo immediato? Chiama il {number}",
        lines_title="Linee di ascolto",
        checked="Numeri verificati il {date}",
        not_checked="Alcuni numeri non ancora verificati",
        around_the_clock="24 ore su 24",
        more="Altri modi per chiedere aiuto: {url}",
    ),
    "nl": CardWords(
        headline="Even praten?",
        subline="Scan de code voor gratis en vertrouwelijke hulplijnen bij jou in de buurt.",
        emergency="In acuut gevaar? Bel {number}",
        lines_title="Hulplijnen",
        checked="Nummers gecontroleerd op {date}",
        not_checked="Sommige nummers nog niet gecontroleerd",
        around_the_clock="dag en nacht",
        more="Meer hulp: {url}",
    ),
    "sv": CardWords(
        headline="Behöver du prata?",
        subline="Skanna koden för kostnadsfria stödlinjer med tystnadsplikt nära dig.",
        emergency="I akut fara? Ring {number}",
        lines_title="Stödlinjer",
        checked="Numren kontrollerade {date}",
        not_checked="Vissa nummer ännu inte kontrollerade",
        around_the_clock="dygnet runt",
        more="Mer hjälp: {url}",
    ),
    "ja": CardWords(
        headline="ひとりで悩まないで。",
        subline="QRコードから、無料で秘密が守られる相談窓口を探せます。",
        emergency="緊急のときは {number} へ",
        lines_title="相談窓口",
        checked="番号確認日：{date}",
        not_checked="未確認の番号があります",
        around_the_clock="24時間",
        more="ほかの相談方法：{url}",
    ),
    "ko": CardWords(
        headline="혼자 힘들어하지 마세요.",
        subline="QR 코드를 스캔하면 무료로 비밀이 보장되는 상담 전화를 찾을 수 있습니다.",
        emergency="위급한 상황이면 {number}에 전화하세요",
        lines_title="상담 전화",
        checked="번호 확인일: {date}",
        not_checked="아직 확인되지 않은 번호가 있습니다",
        around_the_clock="24시간",
        more="더 많은 도움: {url}",
    ),
    # Arabic: Modern Standard Arabic, the phrasing of the help pages' own catalogue
    # (helplines/locale/ar) where the card says the same thing.
    "ar": CardWords(
        headline="هل تحتاج إلى التحدث؟",
        subline="امسح الرمز للوصول إلى خطوط مساعدة مجانية وسرية بالقرب منك.",
        emergency="في خطر مباشر؟ اتصل بالرقم {number}",
        lines_title="خطوط المساعدة في الأزمات",
        checked="تم التحقق من الأرقام في {date}",
        not_checked="لم يتم التحقق من بعض الأرقام بعد",
        around_the_clock="على مدار الساعة",
        more="طرق أخرى للحصول على المساعدة: {url}",
    ),
}

LANGUAGES = tuple(WORDS)


def words_for(language: str) -> CardWords:
    return WORDS.get((language or "en").split("-")[0].lower(), WORDS["en"])


def format_checked_date(day: date, language: str) -> str:
    """An unambiguous date: ISO everywhere, the native form in Japanese and Korean."""
    base = (language or "en").split("-")[0].lower()
    if base == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    if base == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return day.isoformat()
