"""The provider's webhook for SMS replies: `POST /sms/inbound`, signed like Twilio signs it."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.services import sms
from notifications.services.inbound import receive_sms_reply


@csrf_exempt  # the provider signs the request instead; a forged one is refused below
@require_POST
def sms_inbound(request):
    params = {name: request.POST.get(name) for name in request.POST}
    url = settings.SITE_URL.rstrip("/") + request.path
    if not sms.signature_is_valid(url, params, request.headers.get("X-Twilio-Signature", "")):
        return JsonResponse({"detail": "The request is not signed by our SMS provider.", "code": "bad_signature"}, status=403)
    phone, text = params.get("From", ""), params.get("Body", "")
    if phone:
        receive_sms_reply(phone, text)
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response/>', content_type="text/xml")
