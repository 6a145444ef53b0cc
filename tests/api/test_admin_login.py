"""Admin log-in attempts are throttled per username and address; the right password does not get past the throttle."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def log_in(client, username, password, ip="198.51.100.4"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_that_address(organizer, settings):
    client = Client()
    for _ in range(5):
        response = log_in(client, "olivia", "wrong")
        assert response.status_code == 200 and b"Please enter the correct username" in response.content
    # now even the right password is refused, with a message that says why
    response = log_in(client, "olivia", "pw-for-tests-only")
    assert response.status_code == 200
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session
    # another address is not locked out, and logs in
    response = log_in(Client(), "olivia", "pw-for-tests-only", ip="198.51.100.99")
    assert response.status_code == 302


def test_successful_log_ins_are_not_counted(organizer):
    for _ in range(8):
        client = Client()
        assert log_in(client, "olivia", "pw-for-tests-only").status_code == 302


def test_username_case_does_not_dodge_the_throttle(organizer):
    client = Client()
    for name in ("olivia", "Olivia", "OLIVIA", "oLivia", "olivIA"):
        log_in(client, name, "wrong")
    assert b"Too many failed log-ins" in log_in(client, "olivia", "pw-for-tests-only").content


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_log_ins_get_no_more_password_checks_than_the_limit(organizer):
    """Twenty wrong passwords at once, from one address: the count is taken before the (slow)
    password check, so at most five are checked; the rest are refused by the throttle."""
    import threading

    from django.db import connection

    results, start = [], threading.Barrier(20)

    def attempt():
        try:
            start.wait()
            response = log_in(Client(), "olivia", "wrong", ip="198.51.100.50")
            results.append(response.content)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = sum(b"Please enter the correct username" in body for body in results)
    throttled = sum(b"Too many failed log-ins" in body for body in results)
    assert (checked, throttled) == (5, 15), (checked, throttled)
