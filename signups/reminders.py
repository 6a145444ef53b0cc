"""Reminders 24 hours and 2 hours before a session, by email and (if given) SMS.

Scheduled in the outbox when a person gets a place, withdrawn when they or the organizers cancel,
and scheduled again when the session moves. "24 hours before" is 24 hours of real time, so
across a change to or from summer time the reminder keeps its distance and its text gives the
venue's local time. The subject line and the SMS name neither the session nor the organization,
only "your session": they show on lock screens, and what someone signed up for is their business.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from notifications.services import queue_email, queue_sms, withdraw_messages

REMINDERS = (("reminder_24h", timedelta(hours=24)), ("reminder_2h", timedelta(hours=2)))

WORDING = {
    "en": {
        "subject": "Reminder: your session {day} at {time}",
        "today": "today",
        "tomorrow": "tomorrow",
        "sms": "Reminder: your session is {day} at {time} ({zone}), {place}. Can't come? Reply CANCEL. {link}",
        "body": "Hi {name},\n\nA reminder: “{title}” is {day} at {time} ({zone}, local time at the venue).\n\n"
        "Where: {place}\n\nIf you can't come, please cancel so someone else can have your place:\n{link}\n",
    },
    "de": {
        "subject": "Erinnerung: Ihr Termin {day} um {time}",
        "today": "heute",
        "tomorrow": "morgen",
        "sms": "Erinnerung: Ihr Termin ist {day} um {time} ({zone}), {place}. Absagen? Antworten Sie CANCEL. {link}",
        "body": "Hallo {name},\n\nzur Erinnerung: „{title}“ ist {day} um {time} ({zone}, Ortszeit).\n\n"
        "Wo: {place}\n\nFalls Sie nicht kommen können, sagen Sie bitte ab, damit jemand anderes den Platz bekommt:\n{link}\n",
    },
    "es": {
        "subject": "Recordatorio: tu sesión {day} a las {time}",
        "today": "hoy",
        "tomorrow": "mañana",
        "sms": "Recordatorio: tu sesión es {day} a las {time} ({zone}), {place}. ¿No puedes ir? Responde CANCEL. {link}",
        "body": "Hola {name}:\n\nTe recordamos que «{title}» es {day} a las {time} ({zone}, hora local).\n\n"
        "Dónde: {place}\n\nSi no puedes ir, cancela para que otra persona pueda tener tu plaza:\n{link}\n",
    },
    "fr": {
        "subject": "Rappel : votre séance {day} à {time}",
        "today": "aujourd’hui",
        "tomorrow": "demain",
        "sms": "Rappel : votre séance est {day} à {time} ({zone}), {place}. Empêché ? Répondez CANCEL. {link}",
        "body": "Bonjour {name},\n\nPetit rappel : « {title} » a lieu {day} à {time} ({zone}, heure locale).\n\n"
        "Où : {place}\n\nSi vous ne pouvez pas venir, annulez pour libérer votre place :\n{link}\n",
    },
}


def reminder_group(signup) -> str:
    return f"reminders:signup:{signup.pk}"


def withdraw_reminders(signup) -> None:
    withdraw_messages(group=reminder_group(signup))


def schedule_reminders(signup, now=None) -> None:
    """(Re)schedules this person's reminders for the session's current time; none if they hold no place."""
    withdraw_reminders(signup)
    session = signup.session
    if signup.status != signup.Status.CONFIRMED or session.is_cancelled or session.activation.is_cancelled:
        return
    if not signup.email and not getattr(signup, "phone", ""):
        return
    now = now or timezone.now()
    venue = session.activation.venue
    zone = venue.zone
    words = WORDING.get((getattr(signup, "language", "") or "en")[:2].lower(), WORDING["en"])
    start = timezone.localtime(session.starts_at, zone)
    for kind, before in REMINDERS:
        send_at = session.starts_at - before
        if send_at <= now:
            continue
        day = words["today"] if timezone.localtime(send_at, zone).date() == start.date() else words["tomorrow"]
        fields = {
            "day": day,
            "time": f"{start:%H:%M}",
            "zone": start.tzname(),
            "name": signup.display_name,
            "title": session.title,
            "place": venue.name,
            "link": settings.SITE_URL + signup.get_absolute_url(),
        }
        common = {
            "kind": kind,
            "organization": session.activation.organization,
            "group": reminder_group(signup),
            "send_at": send_at,
            "expires_at": session.starts_at,
            "zone": venue.timezone,
        }
        if signup.email:
            queue_email(to=signup.email, subject=words["subject"].format(**fields), body=words["body"].format(**fields), **common)
        if getattr(signup, "phone", ""):
            queue_sms(to=signup.phone, body=words["sms"].format(**fields), **common)
