"""/help/data.json and /help/data.csv: the vetted directory as open data (CC BY 4.0), with an ETag."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from helplines.services.open_data import published

TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


@require_safe
def open_data(request, kind):
    body, etag = published(kind)
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in wanted or etag in wanted or etag in [w.removeprefix("W/") for w in wanted]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=TYPES[kind])
        if kind == "csv":
            response["Content-Disposition"] = 'inline; filename="greenroom-crisis-lines.csv"'
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response
