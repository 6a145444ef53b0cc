"""The acknowledge link a contact on call taps: GET shows the alert and one button; only the POST
acknowledges (a link preview or a mail scanner opening the link must not stop the chain)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.errors import GreenroomError
from welfare.models import Alert
from welfare.models.visits import Category
from welfare.services import escalation


def _private(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@csrf_exempt  # the unguessable token in the path is the credential; there is no session to ride on
@require_http_methods(["GET", "POST"])
def acknowledge(request, token):
    try:
        notice = escalation.notice_for_token(token)
    except GreenroomError as error:
        return _private(render(request, "welfare/ack.html", {"error": error.detail}, status=404))
    alert = notice.alert
    context = {
        "alert": alert,
        "what": Category(alert.what).label,
        "where": Alert.Where(alert.where).label,
        "activation": alert.activation,
    }
    if request.method == "POST":
        try:
            escalation.acknowledge_alert(token)
        except GreenroomError as error:
            return _private(render(request, "welfare/ack.html", {**context, "error": error.detail}, status=409))
        return _private(render(request, "welfare/ack.html", {**context, "done": True}))
    if notice.used_at or alert.status == Alert.Status.ACKNOWLEDGED:
        context["error"] = "This alert has already been acknowledged."
    return _private(render(request, "welfare/ack.html", context))
