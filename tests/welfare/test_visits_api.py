"""The welfare log's API: one visit per tap, counts only; staff mode required at the kiosk; retries count once."""

from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from welfare.models import WelfareVisit
from welfare.services import visits


def post_visit(client, activation, body, headers, **extra):
    return client.post(
        f"/api/activations/{activation.pk}/welfare-visits", body, content_type="application/json", **headers, **extra
    )


@pytest.mark.django_db
def test_a_kiosk_in_staff_mode_logs_a_visit_rounded_to_the_quarter_hour(client, festival, staff_headers):
    response = post_visit(client, festival, {"category": "panic_anxiety", "outcome": "stayed"}, staff_headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["category"] == "panic_anxiety" and body["outcome"] == "stayed"
    visit = WelfareVisit.objects.get()
    assert visit.quarter.minute % 15 == 0 and visit.quarter.second == 0 and visit.quarter.microsecond == 0
    assert timezone.now() - visit.quarter < timedelta(minutes=15)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        {"name": "Jo Bloggs"},
        {"note": "came with her brother, very drunk"},
        {"display_name": "Jo"},
        {"photo": "data:image/png;base64,AAAA"},
        {"email": "jo@example.org"},
        {"quarter": "2026-06-12T14:07:00Z"},
    ],
)
def test_a_visit_carrying_any_other_field_is_refused_and_nothing_is_written(client, festival, staff_headers, auth_headers, extra):
    for headers in (staff_headers, auth_headers):
        response = post_visit(client, festival, {"category": "substance", **extra}, headers)
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "invalid"
        field = next(iter(extra))
        assert [f["field"] for f in body["fields"]] == [field]
        assert field in body["detail"]
    assert WelfareVisit.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"category": "fainted"}, {"category": "other", "outcome": "went home"}, {}, {"category": None}])
def test_unknown_categories_and_outcomes_are_refused(client, festival, staff_headers, body):
    response = post_visit(client, festival, body, staff_headers)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert WelfareVisit.objects.count() == 0


@pytest.mark.django_db
def test_the_model_cannot_hold_identity():
    names = {f.name for f in WelfareVisit._meta.get_fields()}
    assert names == {"id", "activation", "category", "outcome", "quarter"}


@pytest.mark.django_db
def test_without_staff_mode_a_kiosk_is_refused_with_403(client, festival, device_with_pin, kiosk_headers):
    for headers in (kiosk_headers, {**kiosk_headers, "HTTP_X_KIOSK_STAFF": "forged"}):
        response = post_visit(client, festival, {"category": "other"}, headers)
        assert response.status_code == 403
        assert response.json()["code"] == "staff_mode_required"
    assert WelfareVisit.objects.count() == 0


@pytest.mark.django_db
def test_the_public_and_other_organizations_cannot_log_visits(client, festival, other_org):
    from api.models import ApiToken
    from tests import factories

    assert post_visit(client, festival, {"category": "other"}, {}).status_code == 401
    stranger = factories.organizer(other_org, username="stranger")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(stranger)[1]}"}
    assert post_visit(client, festival, {"category": "other"}, headers).status_code == 404
    assert WelfareVisit.objects.count() == 0


@pytest.mark.django_db
def test_a_replayed_idempotency_key_counts_once(client, festival, staff_headers):
    first = post_visit(client, festival, {"category": "lost_separated"}, staff_headers, HTTP_IDEMPOTENCY_KEY="visit-0001")
    again = post_visit(client, festival, {"category": "lost_separated"}, staff_headers, HTTP_IDEMPOTENCY_KEY="visit-0001")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert WelfareVisit.objects.count() == 1
    other = post_visit(client, festival, {"category": "lost_separated"}, staff_headers, HTTP_IDEMPOTENCY_KEY="visit-0002")
    assert other.status_code == 201
    assert WelfareVisit.objects.count() == 2


@pytest.mark.django_db
def test_undo_within_ten_seconds_and_not_after(client, festival, staff_headers, organizer_actor):
    response = post_visit(client, festival, {"category": "other"}, staff_headers)
    visit_id, token = response.json()["id"], response.json()["undo_token"]
    undo = client.post(
        f"/api/welfare-visits/{visit_id}/undo", {"undo_token": token}, content_type="application/json", **staff_headers
    )
    assert undo.status_code == 204
    assert WelfareVisit.objects.count() == 0
    again = client.post(
        f"/api/welfare-visits/{visit_id}/undo", {"undo_token": token}, content_type="application/json", **staff_headers
    )
    assert again.status_code == 404

    tapped = datetime(2026, 6, 12, 14, 7, 31, tzinfo=dt_timezone.utc)
    late = visits.record_welfare_visit(organizer_actor, festival.pk, "other", now=tapped)
    assert late.visit.quarter == datetime(2026, 6, 12, 14, 0, tzinfo=dt_timezone.utc)
    with pytest.raises(Exception) as refused:
        visits.undo_welfare_visit(organizer_actor, late.visit.pk, late.undo_token, now=tapped + timedelta(seconds=16))
    assert refused.value.code == "undo_expired"
    # Another visit's undo token does not undo this one.
    other = visits.record_welfare_visit(organizer_actor, festival.pk, "other")
    with pytest.raises(Exception) as wrong:
        visits.undo_welfare_visit(organizer_actor, other.visit.pk, late.undo_token, now=tapped)
    assert wrong.value.code == "invalid_undo"
    assert WelfareVisit.objects.count() == 2


@pytest.mark.django_db
def test_organizer_reads_counts_per_hour_and_category_kiosk_does_not(
    client, festival, organizer_actor, auth_headers, staff_headers
):
    zone = festival.venue.zone
    base = timezone.make_aware(datetime(2026, 6, 12, 14, 5), zone)
    for minutes, category in [(0, "panic_anxiety"), (20, "panic_anxiety"), (50, "substance"), (70, "panic_anxiety")]:
        visits.record_welfare_visit(organizer_actor, festival.pk, category, now=base + timedelta(minutes=minutes))
    response = client.get(f"/api/activations/{festival.pk}/welfare-visits", **auth_headers)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 4
    assert [
        (datetime.fromisoformat(i["hour"]).astimezone(zone).hour, i["counts"]["panic_anxiety"], i["counts"]["substance"])
        for i in body["items"]
    ] == [(14, 2, 1), (15, 1, 0)]
    assert set(body["items"][0]["counts"]) == set(body["categories"]) and len(body["categories"]) == 8
    assert client.get(f"/api/activations/{festival.pk}/welfare-visits", **staff_headers).status_code == 401
