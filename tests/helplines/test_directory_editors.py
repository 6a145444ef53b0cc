"""The shared crisis-line directory is changed only by its editors (`helplines.edit_directory`);
a partner organizer — even one with every helplines model permission — sees it read-only, can
still report a wrong number and print cards, and the seeded Organizers group cannot edit it."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client

from helplines.models import CrisisLine, LineChange
from tests import factories

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partner(org):
    user = factories.organizer(org, username="partner")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["helplines", "printables"]).exclude(codename="edit_directory")
    )
    return user


@pytest.fixture
def editor(db):
    user = factories.organizer(factories.organization(name="The nonprofit"), username="editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="helplines"))
    return user


def change_form(client, line):
    return client.get(f"/admin/helplines/crisisline/{line.pk}/change/")


def test_a_partner_organizer_sees_the_directory_but_cannot_change_it(directory, partner):
    client = logged_in(partner)
    line = CrisisLine.objects.filter(country_id="GB").first()
    assert client.get("/admin/helplines/crisisline/").status_code == 200
    page = change_form(client, line)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only
    refused = client.post(f"/admin/helplines/crisisline/{line.pk}/change/", {"name": "Hijacked line"})
    assert refused.status_code == 403
    assert client.get("/admin/helplines/crisisline/add/").status_code == 403
    assert client.get(f"/admin/helplines/crisisline/{line.pk}/delete/").status_code == 403
    assert client.post("/admin/helplines/country/GB/change/", {"name": "Nowhere"}).status_code == 403
    listing = client.get("/admin/helplines/crisisline/").content.decode()
    assert "verified_today_by_test_call" not in listing
    assert client.post(
        "/admin/helplines/crisisline/", {"action": "verified_today_by_test_call", "_selected_action": [line.pk]}
    ).status_code in (200, 302)
    line.refresh_from_db()
    assert line.name != "Hijacked line" and not LineChange.objects.filter(source="verification").exists()
    # what they still do: report a wrong number on the help page, and print from the directory
    from helplines.models import WrongNumberReport
    from helplines.services.reports import form_token

    report = client.post(
        "/help/GB/report/", {"message": "The first number rings out", "line": line.pk, "token": form_token("GB")}
    )
    assert report.status_code == 200 and WrongNumberReport.objects.filter(country="GB").count() == 1
    assert client.get("/admin/printables/cardbatch/print/").status_code == 200


def test_a_directory_editor_changes_it_with_history_of_who(directory, editor):
    client = logged_in(editor)
    line = CrisisLine.objects.filter(country_id="GB").first()
    assert 'name="_save"' in change_form(client, line).content.decode()
    client.post("/admin/helplines/crisisline/", {"action": "verified_today_by_test_call", "_selected_action": [line.pk]})
    change = LineChange.objects.filter(line=line).first()
    assert change.changed_by == editor and change.source == "verification"


def test_the_seeded_organizers_cannot_edit_the_directory(db):
    call_command("seed_demo", stdout=io.StringIO())
    organizers = Group.objects.get(name="Organizers")
    codes = set(organizers.permissions.filter(content_type__app_label="helplines").values_list("codename", flat=True))
    assert codes and all(c.startswith("view_") for c in codes), codes
    editors = Group.objects.get(name="Directory editors")
    assert editors.permissions.filter(codename="edit_directory").exists()
    demo = organizers.user_set.get()
    assert not demo.has_perm("helplines.edit_directory") and not demo.has_perm("helplines.change_crisisline")
