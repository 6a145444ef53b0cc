"""Help pages set no cookie, load nothing from another host, run no script, and stay under 20 KB."""

import re

import pytest
from django.contrib.staticfiles import finders

PAGES = ["/help/", "/help/GB/", "/help/US/", "/help/BE/?lang=fr", "/help/JP/?lang=ja", "/help/ZA/", "/help/GB/report/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_cookie_no_script_no_foreign_asset_and_a_strict_csp(client, directory, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
    html = response.content.decode()
    assert "<script" not in html and " style=" not in html and "<style" not in html
    for tag in re.findall(r"<(?:link|script|img|iframe|source|video|audio)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
            assert url.startswith("/") and not url.startswith("//"), tag


def test_posting_a_report_sets_no_cookie_either(client, directory):
    from helplines.services.reports import form_token

    response = client.post("/help/GB/report/", {"token": form_token("GB"), "message": "Wrong"})
    assert response.status_code == 200 and not response.cookies


@pytest.mark.parametrize("path", ["/help/GB/", "/help/US/", "/help/BE/?lang=fr", "/help/JP/?lang=ja", "/help/AU/", "/help/"])
def test_html_and_css_together_stay_under_20_kb(client, directory, path):
    html = client.get(path).content
    css = open(finders.find("helplines/help.css"), "rb").read()
    assert len(html) + len(css) < 20_000, (len(html), len(css))


def test_link_previews_may_ask_for_head(client, directory):
    assert client.head("/help/GB/").status_code == 200
