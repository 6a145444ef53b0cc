"""The re-check digest: one email per organization listing the printed lines that fall due, once per due date."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from helplines.models import CrisisLine
from helplines.services.digest import send_recheck_digests
from helplines.services.verification import verify_by_test_call
from printables.models import CardBatch
from tests import factories


def test_organizers_hear_once_when_their_printed_lines_fall_due(directory, capsys, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    org = factories.organization(name="Festival Wellbeing", slug="festival-wellbeing")
    gwen = factories.organizer(org, username="gwen", email="gwen@example.org")
    factories.organizer(org, username="nomail")  # no address: nobody to send to
    CardBatch.objects.create(organization=org, country="GB", language="en", count=10)
    quiet = factories.organization(name="Quiet Org", slug="quiet")
    factories.organizer(quiet, username="quinn", email="quinn@example.org")
    CardBatch.objects.create(organization=quiet, country="JP", language="ja", count=10)
    for line in CrisisLine.objects.filter(country="JP", status="vetted"):
        verify_by_test_call([line], gwen, today=today - timedelta(days=10))
    samaritans = CrisisLine.objects.get(key="gb-samaritans")
    verify_by_test_call([samaritans], gwen, today=today - timedelta(days=340))  # due in 26 days
    verify_by_test_call([CrisisLine.objects.get(key="gb-shout")], gwen, today=today - timedelta(days=100))

    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after the commit
        call_command("helpline_digest")
    assert "Festival Wellbeing: " in capsys.readouterr().out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gwen@example.org"] and "due for re-check" in message.subject
    due = (today - timedelta(days=340) + timedelta(days=366)).isoformat()
    assert f"- Samaritans (GB) 116 123: due on {due}" in message.body
    assert "Shout" not in message.body  # checked 100 days ago
    assert "/admin/helplines/crisisline/worklist/" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        call_command("helpline_digest")
    assert len(mail.outbox) == 1  # told once per due date
    verify_by_test_call([samaritans], gwen, today=today - timedelta(days=338))  # re-checked: a later due date
    with django_capture_on_commit_callbacks(execute=True):
        assert [d.lines for d in send_recheck_digests()] == [1]  # a new due date is news again
    assert len(mail.outbox) == 2
