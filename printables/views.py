"""Where a card's QR code points (`/h/<code>`): the batch's help page, and its scan counted."""

from django.views.decorators.http import require_safe

from helplines.languages import choose_language
from helplines.views.pages import country_languages, respond_help_page, country_list, render_help_page
from printables.scans import batch_for_code, count_scan


@require_safe
def short_link(request, code):
    """A card's QR code: the batch's country and language, in one response; the scan is counted."""
    found = batch_for_code(code)
    if found is None:
        return country_list(request, status=404)
    if request.method == "GET":  # a HEAD (a link preview checking the URL) is not a scan
        count_scan(code)
    country, batch_language = found
    language = choose_language(request, country_languages(country), preferred=batch_language, country=country)
    return respond_help_page(render_help_page(request, country, language), language, vary=False, cache_seconds=0)
