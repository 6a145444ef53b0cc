from django.urls import path, re_path

from helplines.views import data, pages

app_name = "helplines"
urlpatterns = [
    path("help/", pages.country_list, name="countries"),
    path("help/data.json", data.open_data, {"kind": "json"}, name="data-json"),
    path("help/data.csv", data.open_data, {"kind": "csv"}, name="data-csv"),
    re_path(r"^help/(?P<code>[A-Za-z]{2})/$", pages.country_page, name="country"),
    re_path(r"^help/(?P<code>[A-Za-z]{2})/report/$", pages.report_page, name="report"),
    re_path(r"^help/(?P<code>[^/]{1,10})/$", pages.country_page, name="not-a-country"),
]
