"""List views cost the same number of SQL queries for 1 row as for 3 (no query per row)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.stock.conftest import receive

pytestmark = pytest.mark.django_db

# API: token, memberships, count, page. Admin pages carry session and permission queries that
# other apps may change, so there only "1 row == 3 rows" is pinned.
PAGES = {
    "/api/stock": 4,
    "/api/stock/movements": 4,
    "/admin/stock/stocklevel/": None,
    "/admin/stock/stockmovement/": None,
    "/admin/stock/stocklocation/": None,
}


def queries_for(client, path, headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", PAGES)
def test_queries_do_not_grow_with_rows(client, organizer, auth_headers, actor, org, festival, path):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "stock"]))
    headers = auth_headers if path.startswith("/api/") else {}
    if not headers:
        client.force_login(organizer)
    counts = []
    client.get(path, **headers)  # the token's "last used" stamp is written on first use only
    for n in (1, 3):
        while len(org.stock_locations.all()) < n:
            place = factories.stock_location(activation_obj=festival)
            receive(actor, place, factories.kit_type(org), 5)
        counts.append(queries_for(client, path, headers))
    assert counts[0] == counts[1]
    if PAGES[path] is not None:
        assert counts == [PAGES[path]] * 2
