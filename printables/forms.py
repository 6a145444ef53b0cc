"""The admin's "Print crisis cards" form."""

from django import forms
from helplines.languages import HELP_LANGUAGES

from printables.layouts import LAYOUTS
from printables.models import CardBatch
from printables.services import MAX_COUNT

# The card language a country's visitors most likely read, among the help pages' languages.
DEFAULT_LANGUAGE = {
    "JP": "ja",
    "KR": "ko",
    "FR": "fr",
    "BE": "nl",
    "LU": "fr",
    "DE": "de",
    "AT": "de",
    "CH": "de",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "CL": "es",
    "CO": "es",
    "PE": "es",
    "UY": "es",
    "PT": "pt",
    "BR": "pt",
    "IT": "it",
    "NL": "nl",
    "SE": "sv",
    "EG": "ar",
    "SA": "ar",
    "AE": "ar",
    "JO": "ar",
    "LB": "ar",
    "MA": "ar",
    "TN": "ar",
    "DZ": "ar",
    "IQ": "ar",
    "KW": "ar",
    "QA": "ar",
    "BH": "ar",
    "OM": "ar",
}


# What the paper is, beside each layout's name in the menu.
LAYOUT_DETAILS = {
    "card-a4-10up": "85×55 mm pocket cards with gutters and crop marks, to cut at home",
    "card-letter-10up": "3.5×2 in pocket cards on Avery 5371 perforated stock",
    "postcard-a6": "one A6 postcard a sheet",
    "poster-a4": "one side only",
}


def default_language(country: str) -> str:
    return DEFAULT_LANGUAGE.get((country or "").upper(), "en")


class PrintCardsForm(forms.Form):
    country = forms.CharField(max_length=2, min_length=2, help_text="ISO 3166-1 alpha-2, e.g. GB")
    language = forms.ChoiceField(choices=HELP_LANGUAGES)
    layout = forms.ChoiceField(choices=[(name, f"{CardBatch.Layout(name).label} ({LAYOUT_DETAILS[name]})") for name in LAYOUTS])
    count = forms.IntegerField(min_value=1, max_value=MAX_COUNT, initial=100)
    profile = forms.TypedChoiceField(
        choices=CardBatch.Profile.choices,
        initial=CardBatch.Profile.OFFICE,
        label="Print profile",
        required=False,
        empty_value=CardBatch.Profile.OFFICE,
        help_text="Press: a PDF/X-4 file in CMYK that a print shop accepts (text and QR code in black ink only).",
    )
    bleed = forms.BooleanField(required=False, label="Print-shop file (3 mm bleed, one item per face)")
    allow_stale = forms.BooleanField(
        required=False,
        label="Print anyway",
        help_text="Print lines that are due for re-check (last verified over 365 days ago, or never); the batch records warnings.",
    )
    activation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()
