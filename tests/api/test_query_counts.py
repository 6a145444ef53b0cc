"""Lists cost a fixed number of SQL queries whatever their length (speed itself is in bench/bench_api.py)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 3, 12])
def test_public_activation_list_is_two_queries(client, org, rows, django_assert_num_queries):
    for _ in range(rows):
        factories.activation(org)
    with django_assert_num_queries(2):  # COUNT, then one SELECT joined to the venue
        response = client.get("/api/activations?limit=200")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 3, 12])
def test_organizer_activation_list_adds_only_the_credential(client, org, rows, auth_headers, django_assert_num_queries):
    for _ in range(rows):
        factories.activation(org)
    client.get("/api/activations?limit=1", **auth_headers)  # the token's last-used time is written once a minute
    with django_assert_num_queries(4):  # token, memberships, COUNT, SELECT
        response = client.get("/api/activations?limit=200", **auth_headers)
    assert response.json()["count"] == rows
