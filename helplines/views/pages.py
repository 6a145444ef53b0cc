"""The public help pages: /help/, /help/<CC>/, its wrong-number form, and /h/<code> from a QR card.

These pages set no cookie, load nothing from another host and need no JavaScript. A rendered page
is cached per country, language and directory version, so a scan costs two queries (the batch
and the scan count) once the page is warm.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_bidi, override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import GreenroomError, NotFound
from core.ratelimit import rate_limited
from helplines.cache import PAGE_TTL, directory_version
from core.countries import country_name_in
from helplines.languages import HELP_LANGUAGES, choose_language, language_names
from helplines.models import Country
from helplines.services.directory import INTERNATIONAL_DIRECTORY_URL, directory_for, normalize_country
from helplines.services.reports import form_token, report_wrong_number
from helplines.services.page_views import count_help_page_view


def respond_help_page(html: str, language: str, *, status=200, vary=True, cache_seconds=300) -> HttpResponse:
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    if vary:
        response["Vary"] = "Accept-Language"
    response["Cache-Control"] = f"public, max-age={cache_seconds}" if cache_seconds else "no-store"
    return response


def country_languages(code: str) -> list[str]:
    languages = cache.get(f"helplines:langs:{directory_version()}:{code}")
    if languages is None:
        country = Country.objects.filter(code=code).only("languages").first()
        languages = list(country.languages) if country else []
        cache.set(f"helplines:langs:{directory_version()}:{code}", languages, PAGE_TTL)
    return languages


def render_help_page(request, code: str, language: str) -> str:
    # "Open now" moves with the clock: a cached page lives within one minute.
    key = f"helplines:page:{directory_version()}:{code}:{language}:{timezone.now():%Y%m%d%H%M}"
    html = cache.get(key)
    if html is None:
        with override(language):
            directory = directory_for(code)
            html = render_to_string(
                "helplines/country.html",
                {
                    "d": directory,
                    "lang": language,
                    "rtl": get_language_bidi(),
                    "languages": HELP_LANGUAGES,
                    "language_names": {
                        line.pk: language_names(line.languages) for line in directory.crisis_lines + directory.music_lines
                    },
                    "directory_url": INTERNATIONAL_DIRECTORY_URL,
                    "path": f"/help/{code}/",
                },
            )
        cache.set(key, html, PAGE_TTL)
    return html


@require_safe
def country_page(request, code):
    try:
        code = normalize_country(code)
    except NotFound:
        return country_list(request, status=404)
    language = choose_language(request, country_languages(code), country=code)
    if request.method == "GET":  # anonymous daily count for the impact report (a HEAD is no reader)
        count_help_page_view(code, language)
    return respond_help_page(render_help_page(request, code, language), language, cache_seconds=60)  # "open now" stays fresh


@require_safe
def country_list(request, status=200):
    language = choose_language(request)
    explicit = bool(request.GET.get("lang"))  # carry ?lang= on only when the reader chose it
    key = f"helplines:list:{directory_version()}:{language}:{explicit}"
    html = cache.get(key)
    if html is None:
        import pycountry

        with override(language):
            researched = set(Country.objects.values_list("code", flat=True))
            countries = sorted(((c.alpha_2, country_name_in(c.alpha_2)) for c in pycountry.countries), key=lambda c: c[1])
            html = render_to_string(
                "helplines/countries.html",
                {
                    "countries": countries,
                    "researched": researched,
                    "lang": language,
                    "explicit": explicit,
                    "rtl": get_language_bidi(),
                    "languages": HELP_LANGUAGES,
                    "path": "/help/",
                    "directory_url": INTERNATIONAL_DIRECTORY_URL,
                },
            )
        cache.set(key, html, PAGE_TTL)
    return respond_help_page(html, language, status=status, cache_seconds=300 if status == 200 else 0)


@csrf_exempt  # no cookie may be set on a help page; the form carries a signed, time-limited token instead
@require_http_methods(["GET", "POST"])
@rate_limited("wrong_number_reports")  # per client IP, POSTs only (core/ratelimit.py)
def report_page(request, code):
    try:
        code = normalize_country(code)
    except NotFound:
        return country_list(request, status=404)
    language = choose_language(request, country_languages(code), country=code)
    with override(language):
        directory = directory_for(code)
        context = {
            "d": directory,
            "lang": language,
            "rtl": get_language_bidi(),
            "languages": HELP_LANGUAGES,
            "path": f"/help/{code}/report/",
            "token": form_token(code),
            "directory_url": INTERNATIONAL_DIRECTORY_URL,
        }
        status = 200
        if request.method == "POST":
            if request.POST.get("website"):  # a field people never see: only robots fill it in
                context["sent"] = True
            else:
                try:
                    line_id = int(request.POST.get("line") or 0) or None
                except ValueError:
                    line_id = None
                try:
                    report_wrong_number(
                        country=code,
                        token=request.POST.get("token", ""),
                        message=request.POST.get("message", ""),
                        line_id=line_id,
                        reporter=f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}",
                    )
                    context["sent"] = True
                except GreenroomError as exc:
                    context["error"] = exc.code
                    context["message"] = request.POST.get("message", "")[:1000]
                    status = exc.status
        html = render_to_string("helplines/report.html", context)
    return respond_help_page(html, language, status=status, cache_seconds=0)
