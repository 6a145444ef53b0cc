""" "Call the welfare lead": an alert that walks down the activation's on-call list until a person acknowledges.

- `set_on_call` replaces the ordered list (name, phone, email) and the minutes to wait.
- `raise_alert` tells the first contact at once; `escalate_due_alerts(now)` (run every few seconds
  by `manage.py run_welfare_escalations`) tells the next one when nobody acknowledged in time, and
  after the last contact starts again from the top, up to `MAX_ROUNDS` times.
- `acknowledge_alert` takes a contact's single-use link: only the hash of its random token is
  stored, so a forged or guessed link finds nothing; a used one is refused.
Every step writes an `AlertEvent` (the audit trail) in the same transaction as the step, and the
step's email and text go into the outbox (`notifications`) in that transaction too: a mail server
that is down delays them (the worker retries) and never loses them or holds the request up.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.actors import Actor, require_staff
from activations.scoping import activations_for
from core.errors import Conflict, Forbidden, GreenroomError, NotFound
from core.personal_data import forget_in_admin_history
from notifications.services import queue_email, queue_sms, withdraw_messages
from notifications.services.outbox import normalise_phone
from welfare.models import Alert, AlertEvent, AlertNotice, OnCallContact, OnCallSettings
from welfare.models.visits import Category
from welfare.scoping import alerts_for
from welfare.services.visits import check_category

logger = logging.getLogger("greenroom.welfare")

DEFAULT_ACK_MINUTES = 3
MAX_CONTACTS = 10
MAX_ROUNDS = 3
Status = Alert.Status
Kind = AlertEvent.Kind
WHERE = tuple(Alert.Where.values)


def hash_ack_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ack_url(token: str) -> str:
    return f"{settings.SITE_URL}/welfare/ack/{token}"


def _activation(actor: Actor, activation_id, *, lock=False):
    qs = activations_for(actor).filter(pk=activation_id)
    activation = qs.first()
    if activation is None:
        raise NotFound("No such activation.", code="not_found")
    return activation


# --- the on-call list --------------------------------------------------------------------------


def on_call_list(actor: Actor, activation_id) -> dict:
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can see the on-call list.", code="organizer_only")
    activation = _activation(actor, activation_id)
    settings_row = OnCallSettings.objects.filter(activation=activation).first()
    return {
        "activation": activation.pk,
        "ack_minutes": settings_row.ack_minutes if settings_row else DEFAULT_ACK_MINUTES,
        "contacts": [
            {"position": c.position, "name": c.name, "phone": c.phone, "email": c.email}
            for c in OnCallContact.objects.filter(activation=activation).order_by("position")
        ],
    }


def set_on_call(actor: Actor, activation_id, contacts: list[dict], ack_minutes: int | None = None) -> dict:
    """Replaces the on-call list, in the order given. Each contact needs a name and a phone or an email."""
    if not actor.is_organizer:
        raise Forbidden("Only an organizer can change the on-call list.", code="organizer_only")
    if len(contacts) > MAX_CONTACTS:
        raise GreenroomError(
            f"At most {MAX_CONTACTS} contacts.",
            code="invalid",
            status=422,
            fields=[{"field": "contacts", "message": f"at most {MAX_CONTACTS}"}],
        )
    for index, contact in enumerate(contacts):
        if not (contact.get("phone") or contact.get("email")):
            raise GreenroomError(
                f"contacts.{index}: needs a phone or an email, or nobody can reach them.",
                code="invalid",
                status=422,
                fields=[{"field": f"contacts.{index}", "message": "needs a phone or an email"}],
            )
    activation = _activation(actor, activation_id)
    with transaction.atomic():
        OnCallContact.objects.filter(activation=activation).delete()
        OnCallContact.objects.bulk_create(
            [
                OnCallContact(
                    activation=activation,
                    position=i + 1,
                    name=c["name"].strip(),
                    phone=(c.get("phone") or "").strip(),
                    email=(c.get("email") or "").strip(),
                )
                for i, c in enumerate(contacts)
            ]
        )
        if ack_minutes is not None:
            OnCallSettings.objects.update_or_create(activation=activation, defaults={"ack_minutes": ack_minutes})
    return on_call_list(actor, activation_id)


def _ack_minutes(activation_id) -> int:
    row = OnCallSettings.objects.filter(activation_id=activation_id).first()
    return row.ack_minutes if row else DEFAULT_ACK_MINUTES


# --- raising, escalating, acknowledging --------------------------------------------------------


def raise_alert(actor: Actor, activation_id, where: str, what: str, now=None) -> Alert:
    """Raises an alert and tells the first contact on call (after commit)."""
    require_staff(actor)
    if where not in WHERE:
        raise GreenroomError(
            f"where: use one of {', '.join(WHERE)}.",
            code="invalid",
            status=422,
            fields=[{"field": "where", "message": f"must be one of {', '.join(WHERE)}"}],
        )
    check_category(what, field="what")
    now = now or timezone.now()
    activation = _activation(actor, activation_id)
    with transaction.atomic():
        alert = Alert.objects.create(
            activation=activation, where=where, what=what, status=Status.RAISED, raised_by=actor.label, raised_at=now
        )
        AlertEvent.objects.create(alert=alert, at=now, kind=Kind.RAISED, by=actor.label)
        _tell_next(alert, now)
    return alert


def _contacts(activation_id) -> list[OnCallContact]:
    return list(OnCallContact.objects.filter(activation_id=activation_id).order_by("position"))


def _tell_next(alert: Alert, now) -> AlertNotice | None:
    """Tells the next contact in the chain (inside the caller's transaction, alert row locked or new)."""
    contacts = _contacts(alert.activation_id)
    told = alert.notices.count()
    if not contacts:
        AlertEvent.objects.create(alert=alert, at=now, kind=Kind.NO_CONTACT, by="system")
        alert.next_step_at = None
        alert.save(update_fields=["next_step_at"])
        return None
    if told and told % len(contacts) == 0:
        if alert.rounds >= MAX_ROUNDS:
            AlertEvent.objects.create(alert=alert, at=now, kind=Kind.NO_CONTACT, by="system")
            alert.next_step_at = None
            alert.save(update_fields=["next_step_at"])
            return None
        alert.rounds += 1
    contact = contacts[told % len(contacts)]
    token = secrets.token_urlsafe(32)
    notice = AlertNotice.objects.create(
        alert=alert,
        step=told + 1,
        contact_name=contact.name,
        contact_phone=contact.phone,
        contact_email=contact.email,
        token_hash=hash_ack_token(token),
        notified_at=now,
    )
    if told:
        alert.status = Status.ESCALATED
        AlertEvent.objects.create(alert=alert, at=now, kind=Kind.ESCALATED, notice=notice, by="system")
    AlertEvent.objects.create(alert=alert, at=now, kind=Kind.NOTIFIED, notice=notice, by="system")
    alert.next_step_at = now + timedelta(minutes=_ack_minutes(alert.activation_id))
    alert.save(update_fields=["status", "next_step_at", "rounds"])
    _queue_messages(alert, notice, token, now)
    return notice


def escalate_due_alerts(now=None) -> int:
    """Tells the next contact for every alert nobody acknowledged in time. Returns how many were escalated.

    Each alert is locked and re-checked in its own transaction, so two workers (or a worker and an
    acknowledgement arriving at the same moment) never both act on it.
    """
    now = now or timezone.now()
    due = list(
        Alert.objects.filter(status__in=(Status.RAISED, Status.ESCALATED), next_step_at__lte=now)
        .order_by("next_step_at")
        .values_list("pk", flat=True)[:500]
    )
    escalated = 0
    for pk in due:
        with transaction.atomic():
            qs = Alert.objects.select_for_update(
                **({"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {})
            )
            alert = qs.filter(pk=pk, status__in=(Status.RAISED, Status.ESCALATED), next_step_at__lte=now).first()
            if alert is None:
                continue
            if _tell_next(alert, now) is not None:
                escalated += 1
    return escalated


def notice_for_token(token: str) -> AlertNotice:
    notice = (
        AlertNotice.objects.select_related("alert", "alert__activation").filter(token_hash=hash_ack_token(token or "")).first()
    )
    if notice is None:
        raise NotFound("This acknowledge link is not valid.", code="invalid_ack_link")
    return notice


def acknowledge_alert(token: str, now=None) -> Alert:
    """A contact's one-tap acknowledgement: stops the chain. The link works once."""
    now = now or timezone.now()
    with transaction.atomic():
        found = notice_for_token(token)
        alert = Alert.objects.select_for_update().get(pk=found.alert_id)
        notice = AlertNotice.objects.select_for_update().get(pk=found.pk)
        if notice.used_at is not None or alert.status == Status.ACKNOWLEDGED:
            refusal = Conflict(
                "This link was already used." if notice.used_at else "Someone on call has already acknowledged this alert.",
                code="ack_link_used",
            )
        else:
            refusal = None
            notice.used_at = now
            notice.save(update_fields=["used_at"])
            alert.status = Status.ACKNOWLEDGED
            alert.acknowledged_at = now
            alert.acknowledged_by = notice
            alert.next_step_at = None
            alert.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "next_step_at"])
            AlertEvent.objects.create(alert=alert, at=now, kind=Kind.ACKNOWLEDGED, notice=notice, by="acknowledge link")
            withdraw_messages(group=_group(alert))  # someone has it: the others' unsent messages are not needed
        if refusal is not None:
            AlertEvent.objects.create(alert=alert, at=now, kind=Kind.LINK_REFUSED, notice=notice, by="acknowledge link")
    if refusal is not None:
        raise refusal
    return alert


def alert_for(actor: Actor, alert_id) -> Alert:
    if actor.is_public:
        raise NotFound("No such alert.")
    require_staff(actor)
    alert = alerts_for(actor).select_related("acknowledged_by").filter(pk=alert_id).first()
    if alert is None:
        raise NotFound("No such alert.")
    return alert


def alert_status(alert: Alert) -> dict:
    """What the kiosk shows: the status, who was told (names only), who acknowledged."""
    notices = list(alert.notices.order_by("step"))
    last = notices[-1] if notices else None
    return {
        "id": alert.pk,
        "status": alert.status,
        "where": alert.where,
        "what": alert.what,
        "raised_at": alert.raised_at,
        "acknowledged_at": alert.acknowledged_at,
        "acknowledged_by": alert.acknowledged_by.contact_name if alert.acknowledged_by else None,
        "last_told": last.contact_name if last else None,
        "next_step_at": alert.next_step_at,
        "told": [{"step": n.step, "name": n.contact_name, "notified_at": n.notified_at} for n in notices],
    }


def audit_trail(alert: Alert) -> list[dict]:
    return [
        {
            "at": e.at,
            "kind": e.kind,
            "by": e.by,
            "contact": e.notice.contact_name if e.notice else None,
            "step": e.notice.step if e.notice else None,
        }
        for e in alert.events.select_related("notice").order_by("at", "pk")
    ]


# --- sending -------------------------------------------------------------------------------------


def _message(alert: Alert, token: str) -> tuple[str, str]:
    what = Category(alert.what).label.lower()
    where = Alert.Where(alert.where).label.lower()
    subject = f"Welfare alert at {alert.activation.title}: {what}, {where}"
    body = (
        f"Booth staff at {alert.activation.title} need the welfare lead: {what}, at the {where}.\n\n"
        f"Acknowledge (one tap; the next person on call is told if nobody does within "
        f"{_ack_minutes(alert.activation_id)} minutes):\n{ack_url(token)}\n"
    )
    return subject, body


def _group(alert: Alert) -> str:
    return f"alert:{alert.pk}"


def _textable(phone: str) -> str:
    """The contact's number in E.164 if it is one a text can reach, else "" (no text; the email still goes)."""
    try:
        return normalise_phone(phone) if phone else ""
    except ValueError:
        return ""


def _queue_messages(alert: Alert, notice: AlertNotice, token: str, now) -> None:
    """The contact's email and text, into the outbox in the caller's transaction (urgent: quiet hours do not apply)."""
    subject, body = _message(alert, token)
    activation = alert.activation
    common = {
        "kind": "welfare_alert",
        "organization": activation.organization,
        "group": _group(alert),
        "zone": activation.venue.timezone,
    }
    queued = [
        queue_email(to=notice.contact_email, subject=subject, body=body, **common),
        queue_sms(to=_textable(notice.contact_phone), body=f"{subject}. Acknowledge: {ack_url(token)}", urgent=True, **common),
    ]
    if not any(queued):
        AlertEvent.objects.create(alert=alert, at=now, kind=Kind.SEND_FAILED, notice=notice, by="system")


# --- purge ---------------------------------------------------------------------------------------


def purge_welfare_personal_data(cutoff) -> dict:
    """Removes contacts' names, phones and emails from alerts raised before `cutoff`, and the on-call
    lists of activations that ended before it. Counts and the audit trail's steps and times stay."""
    with transaction.atomic():
        notices = AlertNotice.objects.filter(alert__raised_at__lt=cutoff).exclude(
            contact_name="", contact_phone="", contact_email=""
        )
        blanked = notices.update(contact_name="", contact_phone="", contact_email="")
        gone = OnCallContact.objects.filter(activation__ends_at__lt=cutoff)
        forget_in_admin_history(OnCallContact, list(gone.values_list("pk", flat=True)))
        contacts, _ = gone.delete()
    return {"notices": blanked, "contacts": contacts}
