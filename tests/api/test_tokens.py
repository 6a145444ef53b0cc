"""Organizer tokens: made by a command or the admin, shown once, stored hashed, revocable, last use noted."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken, hash_token
from tests import factories

pytestmark = pytest.mark.django_db


def create_token(username, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_prints_the_token_alone_on_its_last_line_and_stores_only_its_hash(client, organizer):
    out, err = create_token("olivia", "--name", "partner app")
    token = out.strip().splitlines()[-1]
    assert re.fullmatch(r"gr_[A-Za-z0-9_-]{40,}", token)
    row = ApiToken.objects.get()
    assert row.token_hash == hash_token(token) and token not in (row.prefix, row.token_hash, row.name)
    assert row.name == "partner app" and "shown once" in err
    assert row.last_used_at is None
    response = client.get("/api/venues", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        create_token("nobody")


def test_revoked_unknown_or_malformed_tokens_are_401_never_anonymous(client, organizer):
    row, token = ApiToken.create_for(organizer)
    row.revoke()
    for header in (f"Bearer {token}", "Bearer gr_nope", "Bearer ", "Basic dXNlcjpwdw==", "Bearer a\x00b"):
        response = client.get("/api/activations", HTTP_AUTHORIZATION=header)
        # a present-but-wrong credential is refused, even where the public may read
        if header.startswith("Bearer") and header.strip() != "Bearer":
            assert response.status_code == 401, header
            assert response.json()["code"] == "unauthenticated"
            assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_user_token_stops_working(client, organizer, api_token):
    organizer.is_active = False
    organizer.save()
    assert client.get("/api/venues", HTTP_AUTHORIZATION=f"Bearer {api_token}").status_code == 401


def test_admin_creates_a_token_and_shows_it_once(client, organizer):
    organizer.user_permissions.add(*_token_permissions())
    client.force_login(organizer)
    response = client.post("/admin/api/apitoken/add/", {"name": "laptop script"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    token = re.search(r"<code>(gr_[A-Za-z0-9_-]+)</code>", page).group(1)
    row = ApiToken.objects.get()
    assert row.user == organizer and row.token_hash == hash_token(token)
    # shown once: the list and the token's own page never show it again
    assert token not in client.get("/admin/api/apitoken/").content.decode()
    assert token not in client.get(f"/admin/api/apitoken/{row.pk}/change/").content.decode()
    assert client.get("/api/venues", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_admin_lists_only_your_own_tokens_and_revokes_them(client, organizer, other_org):
    other = factories.organizer(other_org, username="oscar")
    mine, my_token = ApiToken.create_for(organizer, name="mine")
    theirs, _ = ApiToken.create_for(other, name="theirs")
    organizer.user_permissions.add(*_token_permissions())
    client.force_login(organizer)
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert "mine" in listing and "theirs" not in listing
    assert client.get(f"/admin/api/apitoken/{theirs.pk}/change/").status_code == 302  # "doesn't exist" redirect
    response = client.post("/admin/api/apitoken/", {"action": "revoke_tokens", "_selected_action": [mine.pk, theirs.pk]})
    assert response.status_code == 302
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert client.get("/api/venues", HTTP_AUTHORIZATION=f"Bearer {my_token}").status_code == 401


def _token_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="api", codename__in=["add_apitoken", "change_apitoken", "view_apitoken"]
    )
