"""Coverage: the organizers' email about short shifts in the next 48 hours, the command that
sends it, and the rota page (gaps in red, untrained shifts flagged)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from rota.models import Assignment
from rota.services.assignments import assign_volunteer
from rota.services.coverage import alert_short_shifts
from tests.rota.conftest import ny, shift, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_with_email(organizer):
    organizer.email = "olivia@example.org"
    organizer.save()
    return organizer


def test_a_short_shift_within_48_hours_is_emailed_once(
    organizer_with_email, organizer_actor, festival, org, policy, mailoutbox, django_capture_on_commit_callbacks
):
    now = ny(2027, 6, 11, 9)
    soon = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), role="Peer supporter", min_people=2, max_people=3)
    shift(festival, ny(2027, 6, 14, 10), ny(2027, 6, 14, 14), role="Later", min_people=2)  # beyond 48 h
    covered = shift(festival, ny(2027, 6, 12, 15), ny(2027, 6, 12, 19), role="Covered", min_people=1)
    assign_volunteer(organizer_actor, covered.pk, volunteer(org, "Ana Lee").pk, now=now)
    assign_volunteer(organizer_actor, soon.pk, volunteer(org, "Ben Okafor").pk, now=now)

    with django_capture_on_commit_callbacks(execute=True):
        assert alert_short_shifts(now) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["olivia@example.org"]
    assert "1 shift short" in mail.subject
    assert "Peer supporter, Sat 12 Jun 10:00–14:00 EDT: 1 of at least 2 people (short by 1)" in mail.body
    assert "Later" not in mail.body and "Covered" not in mail.body

    with django_capture_on_commit_callbacks(execute=True):
        assert alert_short_shifts(now + timedelta(hours=1)) == 0  # not again
    assert len(mailoutbox) == 1

    # Covered, then short again: a new email.
    assign_volunteer(organizer_actor, soon.pk, volunteer(org, "Cleo Diaz").pk, now=now)
    Assignment.objects.filter(volunteer__name="Cleo Diaz").update(status="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_short_shifts(now + timedelta(hours=2)) == 1
    assert len(mailoutbox) == 2


def test_the_command_reports_what_it_did(
    organizer_with_email, festival, policy, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    start = timezone.now() + timedelta(hours=5)
    shift(festival, start, start + timedelta(hours=4), min_people=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_rota_coverage")
    assert "1 short shift(s) reported." in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_the_rota_page_shows_gaps_and_untrained_shifts(admin_client_for_org, festival, org, organizer_actor, policy):
    now = ny(2027, 6, 1)
    gap = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), role="Peer supporter", min_people=2)
    full = shift(festival, ny(2027, 6, 13, 10), ny(2027, 6, 13, 14), role="Booth lead", min_people=1, max_people=1)
    trained = volunteer(org, "Ana Lee", training={"safeguarding": date(2027, 12, 31)})
    untrained = volunteer(org, "Ben Okafor")
    assign_volunteer(organizer_actor, gap.pk, trained.pk, now=now)
    assign_volunteer(organizer_actor, full.pk, untrained.pk, now=now)

    page = admin_client_for_org.get(f"/admin/rota/shift/rota/{festival.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Saturday 12 June" in html and "Sunday 13 June" in html
    assert "10:00–14:00" in html  # venue time, not the server's UTC
    assert 'class="rota-short"' in html and "short by 1" in html
    assert "nobody with safeguarding" in html  # the booth lead shift has nobody trained
    assert "1 shift below minimum" in html and "1 shift flagged for training" in html

    answer = admin_client_for_org.post(f"/admin/rota/shift/rota/{festival.pk}/", {"shift": gap.pk, "volunteer": untrained.pk})
    assert answer.status_code == 302
    assert Assignment.objects.filter(shift=gap, volunteer=untrained).exists()


def test_the_short_shift_email_waits_out_a_mail_server_that_is_down_and_arrives_once(
    transactional_db, organizer_with_email, organizer_actor, festival, org, policy, smtp, db_queue
):
    import time_machine
    from django.utils import timezone

    from notifications.models import Message
    from tests.notifications.conftest import run_worker

    start = timezone.now() + timedelta(hours=5)
    shift(festival, start, start + timedelta(hours=4), role="Peer supporter", min_people=2)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert alert_short_shifts() == 1  # returns at once: the email is in the outbox
        run_worker()  # the mail server is down
        assert Message.objects.get(kind="rota_short_shifts").status == "pending"
        smtp.start()
        clock.shift(timedelta(seconds=31))
        run_worker()
        assert alert_short_shifts() == 0  # the shift is not reported twice
        run_worker()
    assert [m["To"] for m in smtp.inbox.messages] == ["olivia@example.org"]
    assert "1 shift short" in smtp.inbox.messages[0]["Subject"]
