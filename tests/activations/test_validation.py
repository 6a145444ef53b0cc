"""Each validation rule answers with a message a person understands, through the API too."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from activations.services import scheduling
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(organizer):
    return factories.actor_for(organizer)


@pytest.fixture
def venue(organizer):
    return factories.venue(organizer.organizations.get())


def test_activation_ending_before_it_starts(actor, venue):
    with pytest.raises(ValidationError) as err:
        scheduling.create_activation(
            actor,
            {
                "kind": "panel",
                "title": "P",
                "venue": venue.pk,
                "starts_at": datetime(2030, 1, 2, 10),
                "ends_at": datetime(2030, 1, 2, 9),
            },
        )
    assert err.value.message_dict["ends_at"] == ["The activation must end after it starts."]


def test_session_outside_its_activation(actor, venue):
    activation = scheduling.create_activation(
        actor,
        {
            "kind": "panel",
            "title": "P",
            "venue": venue.pk,
            "starts_at": datetime(2030, 1, 2, 10),
            "ends_at": datetime(2030, 1, 2, 18),
        },
    )
    with pytest.raises(ValidationError) as err:
        scheduling.create_session(
            actor,
            activation.pk,
            {"title": "Late", "starts_at": datetime(2030, 1, 2, 17), "ends_at": datetime(2030, 1, 2, 19), "capacity": 5},
        )
    assert err.value.message_dict["starts_at"] == [
        "The session must fall within its activation's dates (2030-01-02 10:00 to 2030-01-02 18:00, America/New_York)."
    ]


def test_unknown_time_zone(actor):
    with pytest.raises(ValidationError) as err:
        scheduling.create_venue(actor, {"name": "V", "city": "X", "country": "US", "timezone": "America/Atlantis"})
    assert err.value.message_dict["timezone"] == [
        "“America/Atlantis” is not a known IANA time zone (for example “America/New_York”)."
    ]


def test_unknown_country(actor):
    with pytest.raises(ValidationError) as err:
        scheduling.create_venue(actor, {"name": "V", "city": "X", "country": "QQ", "timezone": "UTC"})
    assert "is not an ISO 3166-1 alpha-2 country code" in err.value.message_dict["country"][0]


def test_negative_capacity(actor, venue):
    activation = scheduling.create_activation(
        actor,
        {
            "kind": "panel",
            "title": "P",
            "venue": venue.pk,
            "starts_at": datetime(2030, 1, 2, 10),
            "ends_at": datetime(2030, 1, 2, 18),
        },
    )
    with pytest.raises(ValidationError) as err:
        scheduling.create_session(
            actor,
            activation.pk,
            {"title": "S", "starts_at": datetime(2030, 1, 2, 11), "ends_at": datetime(2030, 1, 2, 12), "capacity": -1},
        )
    assert err.value.message_dict["capacity"] == ["Capacity cannot be negative; leave it empty for unlimited."]


def test_api_answers_422_with_the_message_and_writes_nothing(client, venue, auth_headers):
    from activations.models import Activation

    response = client.post(
        "/api/activations",
        {
            "kind": "panel",
            "title": "P",
            "venue": venue.pk,
            "starts_at": "2030-01-02T10:00",
            "ends_at": "2030-01-02T09:00",
        },
        content_type="application/json",
        **auth_headers,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "The activation must end after it starts." in response.json()["detail"]
    assert not Activation.objects.exists()


def test_api_negative_capacity_is_422(client, venue, auth_headers):
    activation = factories.activation(venue_obj=venue)
    response = client.post(
        f"/api/activations/{activation.pk}/sessions",
        {
            "title": "S",
            "starts_at": "2030-01-02T10:00",
            "ends_at": "2030-01-02T11:00",
            "capacity": -3,
        },
        content_type="application/json",
        **auth_headers,
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "capacity"


def test_past_times_are_accepted_for_logging_events(actor, venue):
    activation = scheduling.create_activation(
        actor,
        {
            "kind": "dinner",
            "title": "Last year's dinner",
            "venue": venue.pk,
            "starts_at": datetime(2020, 5, 1, 19),
            "ends_at": datetime(2020, 5, 1, 23),
        },
    )
    assert activation.pk
