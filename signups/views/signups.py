"""The attendee's side of sign-ups: the form on an activation's page, their own page, its .ics.

Whoever holds a sign-up's token is that sign-up's owner: the pages behind it are never cached,
never indexed, and never pass the token on to another site.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.actors import PUBLIC
from calendars.ical import signup_calendar
from calendars.templatetags.calendar_links import add_event_links
from activations.models import Activation
from signups.models import SignUp
from signups.services import access, signups
from core.language import activate_for
from core.timezones import as_venue_wall_clock, zone_abbreviation
from signups.views.schedule import detail_context
from core.errors import GreenroomError
from core.ratelimit import RateLimited, rate_limited, rate_limited_response
from signups.limits import check_public_signup


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=signups.NAME_MAX_LENGTH,
        strip=True,
        error_messages={"required": _("Please give a name; a nickname is enough.")},
    )
    email = forms.CharField(label=_("Email"), required=False, max_length=signups.EMAIL_MAX_LENGTH, strip=True)
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=32,
        strip=True,
        error_messages={"max_length": _("That phone number is not valid.")},
    )
    sms_consent = forms.BooleanField(label=_("Text me reminders"), required=False)

    # A party: _("How many places?") (absent on a session of one place per sign-up: then 1). The session's
    # own maximum is the service's rule, checked under the session's lock.
    places = forms.CharField(label=_("How many places?"), required=False, max_length=8)
    companion = forms.BooleanField(label=_("One of them is a companion or carer"), required=False)

    # Access needs (signups/services/access.py): optional; kept only with the consent box ticked.
    access_needs = forms.MultipleChoiceField(choices=list(access.NEEDS.items()), required=False)
    interpretation = forms.ChoiceField(choices=[("", "—"), ("bsl", "BSL"), ("asl", "ASL"), ("other", "Other")], required=False)
    interpretation_other = forms.CharField(required=False, max_length=access.INTERPRETATION_MAX_LENGTH, strip=True)
    access_note = forms.CharField(required=False, max_length=access.NOTE_MAX_LENGTH, strip=True)
    access_consent = forms.BooleanField(required=False)

    ACCESS_FIELDS = ("access_needs", "interpretation", "interpretation_other", "access_note", "access_consent")

    def clean(self):
        cleaned = super().clean()
        if "phone" in cleaned:  # a number that is not valid already has its message
            try:
                cleaned["phone"] = signups.clean_sms_opt_in(cleaned["phone"], cleaned.get("sms_consent"))
            except GreenroomError as error:
                self.add_error(error.extra.get("field") or None, forms.ValidationError(gettext(error.detail), code=error.code))
        needs = list(cleaned.get("access_needs") or [])
        try:
            which = access.clean_interpretation(cleaned.get("interpretation"), cleaned.get("interpretation_other"))
            if which and "interpretation" not in needs:
                needs.append("interpretation")  # choosing a language says it
            cleaned["access"] = access.clean_access_needs(
                needs, which, cleaned.get("access_note", ""), cleaned.get("access_consent", False)
            )
        except GreenroomError as error:
            field = error.extra.get("field")
            self.add_error(field if field in self.fields else "access_needs", gettext(error.detail))
        return cleaned

    def clean_places(self):
        return _as_form_error(signups.clean_party_size, self.cleaned_data["places"] or "1")

    def clean_display_name(self):
        return _as_form_error(signups.clean_display_name, self.cleaned_data["display_name"])

    def clean_email(self):
        return _as_form_error(signups.clean_email, self.cleaned_data["email"])

    def clean_phone(self):
        return _as_form_error(signups.clean_phone, self.cleaned_data["phone"])


def _as_form_error(clean, value):
    try:
        return clean(value)
    except GreenroomError as error:
        raise forms.ValidationError(gettext(error.detail), code=error.code) from None


def _private(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Referrer-Policy stays the site's "same-origin": links to other sites never carry the token,
    # and "no-referrer" would make browsers send `Origin: null` with the cancel form, failing CSRF.
    return response


@require_POST
@rate_limited("signups")  # per client IP, shared with the API's public sign-ups
def create(request, slug):
    activation = get_object_or_404(Activation.objects.public().with_venue(), slug=slug)
    session_id = request.POST.get("session", "")
    # isascii: "²".isdigit() is True too, and int("²") fails
    session = activation.sessions.filter(pk=session_id).first() if session_id.isascii() and session_id.isdigit() else None
    if session is None:
        raise Http404("No such session in this activation.")
    # The form carries the language its page was shown in: the attendee's choice, kept with the sign-up.
    language = activate_for(request, preferred=request.POST.get("language"), country=activation.venue.country)
    try:
        check_public_signup(request, session.pk, request.POST.get("email"))
    except RateLimited as exc:
        return rate_limited_response(request, exc)
    form = SignUpForm(request.POST)
    # A party size that is no number, or none at all, is the service's 422 (invalid_party_size), as at the API.
    status = 422 if {"places", "companion", *SignUpForm.ACCESS_FIELDS} & form.errors.keys() else 400
    if form.is_valid():
        try:
            result = signups.sign_up(
                PUBLIC,
                session.pk,
                form.cleaned_data["display_name"],
                form.cleaned_data["email"],
                source=SignUp.Source.WEB,
                language=language,
                phone=form.cleaned_data["phone"],
                sms_consent=form.cleaned_data["sms_consent"],
                places=form.cleaned_data["places"],
                companion=form.cleaned_data["companion"],
                access_needs=form.cleaned_data["access"].as_list(),
                interpretation=form.cleaned_data["access"].interpretation,
                access_note=form.cleaned_data["access"].note,
                access_consent=form.cleaned_data["access_consent"],
            )
        except GreenroomError as error:
            form.add_error(
                error.extra.get("field") if error.extra.get("field") in ("places", "companion") else None, gettext(error.detail)
            )
            status = error.status
        else:
            if result.created:
                return redirect(result.signup.get_absolute_url())
            return render(request, "signups/already.html", {"activation": activation, "session": session})
    context = detail_context(activation, signup_form=form, signup_form_session_id=session.pk)
    return render(request, "activations/detail.html", context, status=status)


def _signup_or_404(token):
    try:
        return signups.signup_for_token(PUBLIC, token)
    except GreenroomError as error:
        raise Http404(error.detail) from None


@never_cache
@require_GET
def detail(request, token):
    signup = _signup_or_404(token)
    activate_for(request, preferred=signup.language)
    session = signup.session
    zone = session.activation.venue.zone
    now = timezone.now()
    context = {
        "signup": signup,
        "session": session,
        "activation": session.activation,
        "local_start": as_venue_wall_clock(session.starts_at, zone),
        "local_end": as_venue_wall_clock(session.ends_at, zone),
        "local_deadline": as_venue_wall_clock(session.signup_deadline, zone),
        "zone_abbrev": zone_abbreviation(session.starts_at, zone),
        "session_cancelled": session.is_cancelled or session.activation.is_cancelled,
        "can_cancel": signup.status in (SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED) and now < session.ends_at,
        "signups_open": signups.signup_window(session, now) == "open",
    }
    venue = session.activation.venue
    waiting = f"[Waiting list #{signup.waitlist_position}] " if signup.status == SignUp.Status.WAITLISTED else ""
    context["add_links"] = add_event_links(
        f"{waiting}{session.title} · {session.activation.title}",
        session.starts_at,
        session.ends_at,
        location=", ".join(part for part in (venue.name, venue.address, venue.city) if part),
        details=settings.SITE_URL + session.activation.get_absolute_url(),
    )
    return _private(render(request, "signups/detail.html", context))


@require_POST
def cancel(request, token):
    try:
        signup = signups.cancel(PUBLIC, token)
    except GreenroomError as error:
        if error.status == 404:
            raise Http404(error.detail) from None
        messages.error(request, gettext(error.detail))
        return _private(redirect("signups:detail", token))
    activate_for(request, preferred=signup.language)
    messages.success(request, gettext("Thank you for letting us know. Take care of yourself, and see you another time."))
    return _private(redirect(signup.get_absolute_url()))


@never_cache
@require_GET
def calendar(request, token):
    signup = _signup_or_404(token)
    response = HttpResponse(signup_calendar(signup), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return _private(response)
