"""Idempotency-Key support for API writes: a retried write takes effect once.

A write (POST, PUT, PATCH, DELETE) under /api/ that carries an `Idempotency-Key` header runs in
one transaction together with the storing of its answer. Sent again by the same caller with the
same key and body, the stored answer is replayed and nothing changes; the same key with a
different body answers 422. If two deliveries race, the unique (caller, key) row lets only one
commit: the loser's transaction, its write included, is rolled back and it replays the winner's
answer. Keys are kept 24 hours.
"""
import hashlib
import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from api.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 200
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
KEY_PATTERN = re.compile(r"^[\x21-\x7e]+$")  # visible ASCII: what UUIDs and random tokens are made of


def caller_of(request) -> str:
    """Who sent it, so one caller's key never replays another's answer."""
    from kiosk.credentials import credential_from_request

    auth = request.headers.get("Authorization")
    if auth:
        return "auth:" + hashlib.sha256(auth.encode()).hexdigest()[:40]
    kiosk = credential_from_request(request)
    if kiosk:
        return "kiosk:" + hashlib.sha256(kiosk.encode()).hexdigest()[:40]
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "ip:" + (request.META.get("REMOTE_ADDR") or "unknown")


def _request_hash(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.path.encode())
    digest.update(request.META.get("QUERY_STRING", "").encode())
    digest.update(request.body)
    return digest.hexdigest()


def _replay(row: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status_code, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _error(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None:
            key = request.headers.get("X-" + HEADER)
        if key is None or request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key:
            return _error(400, "The Idempotency-Key header is empty; send a new random key (e.g. a UUID) or no header.", "bad_idempotency_key")
        if len(key) > MAX_KEY_LENGTH:
            return _error(400, f"The Idempotency-Key header is longer than {MAX_KEY_LENGTH} characters.", "bad_idempotency_key")
        if not KEY_PATTERN.match(key):
            return _error(400, "The Idempotency-Key header may hold only visible ASCII characters (e.g. a UUID).", "bad_idempotency_key")
        caller = caller_of(request)
        fingerprint = _request_hash(request)
        since = timezone.now() - KEEP_FOR

        stored = IdempotentRequest.objects.filter(caller=caller, key=key, created_at__gte=since).first()
        if stored is not None:
            return self._answer_for_retry(stored, fingerprint)

        try:
            with transaction.atomic():
                response = self.get_response(request)
                if (
                    response.status_code >= 500
                    or getattr(response, "streaming", False)
                    or transaction.get_connection().needs_rollback  # a database error was answered as a 4xx
                ):
                    raise _DoNotKeep(response)
                IdempotentRequest.objects.filter(caller=caller, key=key, created_at__lt=since).delete()
                IdempotentRequest.objects.create(
                    caller=caller,
                    key=key,
                    request_hash=fingerprint,
                    status_code=response.status_code,
                    content_type=response.get("Content-Type", "application/json"),
                    body=response.content,
                )
                return response
        except _DoNotKeep as failed:
            return failed.response
        except IntegrityError:
            # Another delivery of the same key committed first; ours was rolled back whole.
            stored = IdempotentRequest.objects.filter(caller=caller, key=key).first()
            if stored is None:
                raise
            return self._answer_for_retry(stored, fingerprint)

    @staticmethod
    def _answer_for_retry(stored: IdempotentRequest, fingerprint: str) -> HttpResponse:
        if stored.request_hash != fingerprint:
            return _error(
                422,
                "This Idempotency-Key was already used for a different request; use a new key for a new write.",
                "idempotency_key_reused",
            )
        return _replay(stored)


class _DoNotKeep(Exception):
    """Rolls back a failed (5xx) write without storing its answer, so a retry runs it again."""

    def __init__(self, response):
        self.response = response


def forget_expired_keys() -> int:
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return deleted
