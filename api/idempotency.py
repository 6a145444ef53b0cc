"""Idempotency-Key support for API writes: a retried write takes effect once.

Every API write (POST, PUT, PATCH, DELETE) runs in one transaction that a failure (5xx) rolls
back (`write_once`). One that carries an `Idempotency-Key` header stores its answer in the same
transaction. Sent again by the same caller with the
same key and body, the stored answer is replayed and nothing changes; the same key with a
different body answers 422. If two deliveries race, the unique (caller, key) row lets only one
commit: the loser's transaction, its write included, is rolled back and it replays the winner's
answer. Keys are kept 24 hours, then forgotten with their answers.
"""

import hashlib
import json
import re
from datetime import timedelta
from functools import wraps

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


def write_once(run):
    """Wraps every API operation (`api.add_decorator(write_once, mode="view")`): it runs after
    ninja has matched the path and method (so a method the path does not have answers 405 before
    any key is looked at), and around auth, validation, the handler and its error answers.

    A write runs in one transaction. A failure (5xx) rolls it back whole: whatever a handler saved
    before it failed (e.g. a sign-up saved, then its answer could not be written) is undone. A
    refusal (4xx) is raised from inside the service's own transaction, which it undoes; what a
    service records on purpose before refusing (a wrong PIN counted toward the lock-out) stays.
    With an `Idempotency-Key`, the answer is stored in the same transaction (a 5xx is not
    stored, so a retry runs again).
    """

    @wraps(run)
    def run_once(request, *args, **kwargs):
        if request.method not in WRITE_METHODS:
            return run(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        if key is None:
            key = request.headers.get("X-" + HEADER)
        if key is None:
            return _all_or_nothing(lambda: run(request, *args, **kwargs))
        refusal = _bad_key(key)
        if refusal is not None:
            return refusal
        caller = caller_of(request)
        fingerprint = _request_hash(request)
        since = timezone.now() - KEEP_FOR
        stored = IdempotentRequest.objects.filter(caller=caller, key=key, created_at__gte=since).first()
        if stored is not None:
            return _answer_for_retry(stored, fingerprint, caller)
        try:
            with transaction.atomic():
                response = _all_or_nothing(lambda: run(request, *args, **kwargs))
                if getattr(response, "greenroom_rolled_back", False) or getattr(response, "streaming", False):
                    return response
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
        except IntegrityError:
            # Another delivery of the same key committed first; ours was rolled back whole.
            stored = IdempotentRequest.objects.filter(caller=caller, key=key).first()
            if stored is None:
                raise
            return _answer_for_retry(stored, fingerprint, caller)

    return run_once


def _all_or_nothing(call) -> HttpResponse:
    """Runs a write in a savepoint that a failure (5xx) rolls back, its on-commit mail with it."""
    try:
        with transaction.atomic():
            response = call()
            if response.status_code >= 500 or transaction.get_connection().needs_rollback:
                raise _Undo(response)  # needs_rollback: a database error was answered as a 4xx
            return response
    except _Undo as undone:
        undone.response.greenroom_rolled_back = True  # not kept for a retry: it may succeed
        return undone.response


class _Undo(Exception):
    def __init__(self, response):
        self.response = response


def _bad_key(key: str) -> JsonResponse | None:
    if not key:
        return _error(
            400, "The Idempotency-Key header is empty; send a new random key (e.g. a UUID) or no header.", "bad_idempotency_key"
        )
    if len(key) > MAX_KEY_LENGTH:
        return _error(400, f"The Idempotency-Key header is longer than {MAX_KEY_LENGTH} characters.", "bad_idempotency_key")
    if not KEY_PATTERN.match(key):
        return _error(
            400, "The Idempotency-Key header may hold only visible ASCII characters (e.g. a UUID).", "bad_idempotency_key"
        )
    return None


def _answer_for_retry(stored: IdempotentRequest, fingerprint: str, caller: str) -> HttpResponse:
    if stored.request_hash != fingerprint:
        return _error(
            422,
            "This Idempotency-Key was already used for a different request; use a new key for a new write.",
            "idempotency_key_reused",
        )
    if caller.startswith("ip:") and _carries_a_secret(stored):
        # The public is told apart by address only, and phones behind one festival NAT share it:
        # an answer holding a sign-up's secret link is never replayed to whoever sends the key.
        return _error(
            409,
            "This request was already made and its answer held a private sign-up link, which is not shown twice. "
            "If you gave an email, the link is in it.",
            "already_answered",
        )
    return _replay(stored)


def _carries_a_secret(stored: IdempotentRequest) -> bool:
    try:
        body = json.loads(bytes(stored.body))
    except ValueError:
        return False
    return isinstance(body, dict) and bool(body.get("token"))


def forget_expired_keys(now=None) -> int:
    """Deletes keys (and the answers they keep: tokens, names) older than KEEP_FOR. Run daily with
    the purge (`purge_personal_data` calls it through ApiConfig) or alone (`forget_idempotency_keys`)."""
    now = now or timezone.now()
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    return deleted
