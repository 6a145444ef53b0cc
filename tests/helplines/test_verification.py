"""Verification that belongs to what was checked, retirement on import, honest dates, open now, reports that act."""

from datetime import date, datetime, timedelta, timezone as tz

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from helplines.hours import open_state, parse_hours
from helplines.models import CrisisLine, LineChange, Verification
from helplines.services.directory import printable_directory
from helplines.services.directory import directory_for
from helplines.services.importer import BUNDLED_FILE, import_helplines
from helplines.services.reports import report_wrong_number, form_token
from helplines.services.verification import verify_by_test_call

SEED = BUNDLED_FILE.read_text(encoding="utf-8")
TODAY = date(2026, 12, 7)


def _without(key: str) -> str:
    lines = SEED.splitlines()
    return "\n".join([lines[0]] + [l for l in lines[1:] if not l.startswith(key + ",")]) + "\n"


def _with_dial(key: str, old: str, new: str, e164_old: str, e164_new: str) -> str:
    out = []
    for l in SEED.splitlines():
        if l.startswith(key + ",") and f",{old},{e164_old}," in l:
            l = l.replace(f",{old},{e164_old},", f",{new},{e164_new},")
        out.append(l)
    return "\n".join(out) + "\n"


@pytest.fixture
def organizer(db):
    return get_user_model().objects.create_user("checker", password="x", is_staff=True)


@pytest.mark.parametrize("days, due", [(364, False), (365, False), (366, True)])
def test_a_line_checked_364_days_ago_is_not_due_and_366_days_ago_is(directory, organizer, days, due):
    line = CrisisLine.objects.get(key="gb-samaritans")
    verify_by_test_call([line], organizer, today=TODAY - timedelta(days=days))
    line.refresh_from_db()
    assert line.verified_on == TODAY - timedelta(days=days) and line.verification_method == "test call"
    assert line.due_for_recheck(TODAY) is due
    assert CrisisLine.objects.filter(pk=line.pk).due_for_recheck(TODAY).exists() is due


def test_a_number_changed_by_import_loses_its_test_call_and_says_so(directory, organizer):
    line = CrisisLine.objects.get(key="no-kirkens-sos")
    verify_by_test_call([line], organizer, today=TODAY)
    line.refresh_from_db()
    assert line.verified_on == TODAY
    changed = _with_dial("no-kirkens-sos", "22 40 00 40", "22 40 00 41", "+4722400040", "+4722400041")
    preview = import_helplines(changed, today=TODAY, dry_run=True)
    assert any(c.startswith("! no-kirkens-sos: test call") for c in preview.changes)
    line.refresh_from_db()
    assert line.verified_on == TODAY  # the dry run wrote nothing
    import_helplines(changed, today=TODAY)
    line.refresh_from_db()
    test_call = line.verifications.get(method=Verification.Method.TEST_CALL)
    assert not test_call.standing and "number" in test_call.cleared_reason
    assert line.verified_on != TODAY and line.verification_method == "public source"  # the file's date for the new number
    assert line.changes.filter(summary__startswith="Verification cleared: test call").exists()


def test_an_hours_change_keeps_the_number_check_but_clears_the_hours_check(directory, organizer):
    line = CrisisLine.objects.get(key="it-telefono-amico")
    verify_by_test_call([line], organizer, today=TODAY)
    import_helplines(SEED.replace("mon-sun 09:00-24:00", "mon-sun 10:00-24:00"), today=TODAY)
    line.refresh_from_db()
    call = line.verifications.get(method=Verification.Method.TEST_CALL)
    assert not call.standing  # it had checked the hours too
    assert "hours" in call.cleared_reason and "number" not in call.cleared_reason


def test_a_row_removed_from_the_seed_is_retired_never_shown_or_printed(client, directory):
    result = import_helplines(_without("gb-shout"), today=TODAY)
    assert result.retired == 1 and "- gb-shout: retired (no longer in the seed file)" in result.changes
    assert CrisisLine.objects.get(key="gb-shout").status == CrisisLine.Status.RETIRED
    assert "85258" not in client.get("/help/GB/").content.decode()
    assert all("85258" not in line.dial for line in printable_directory("GB", "en").lines)
    assert LineChange.objects.filter(line__key="gb-shout", summary__startswith="Retired").exists()


def test_the_dry_run_command_prints_changes_and_writes_nothing(directory, tmp_path, capsys):
    path = tmp_path / "seed.csv"
    path.write_text(_without("gb-shout"), encoding="utf-8")
    history = LineChange.objects.count()
    call_command("import_helplines", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "- gb-shout: retired" in out and "Would import" in out
    assert CrisisLine.objects.get(key="gb-shout").status == "vetted" and LineChange.objects.count() == history


def test_pages_and_cards_never_date_an_unchecked_line(client, directory):
    html = client.get("/help/LK/").content.decode()
    assert "Not yet checked" in html and "Numbers checked on" not in html
    card = printable_directory("LK", "en")
    assert card.checked_on is None and card.unchecked == 1
    gb = printable_directory("GB", "en")
    assert gb.checked_on == min(line.verified_on for line in gb.lines)  # the oldest check among printed lines


def test_emergency_numbers_come_from_the_sourced_table(client, db):
    from helplines.emergency import emergency_for

    et = emergency_for("ET")
    assert (et.first, et.police, et.ambulance, et.fire) == ("991", ["991"], ["939"], ["939"]) and "907" not in et.numbers
    ru = emergency_for("RU")
    assert (ru.first, ru.police, ru.ambulance, ru.fire) == ("112", ["102"], ["103"], ["101"])
    pe = emergency_for("PE")
    assert "117" not in pe.numbers and (pe.police, pe.ambulance, pe.fire) == (["105"], ["106"], ["116"])
    sample = {
        "US": "911",
        "GB": "999",
        "AU": "000",
        "NZ": "111",
        "FR": "112",
        "DE": "112",
        "JP": "119",
        "KR": "119",
        "BR": "192",
        "IN": "112",
        "MX": "911",
        "ZA": "112",
        "BA": "124",
        "AD": "112",
        "NO": "113",
        "SG": "995",
        "CN": "120",
        "PK": "1122",
        "BD": "999",
        "TR": "112",
    }
    for cc, first in sample.items():
        row = emergency_for(cc)
        assert row.first == first and row.source, cc
    assert "112" not in emergency_for("BA").numbers  # 112 is not in operation in BiH (2025)
    html = client.get("/help/ET/").content.decode()
    assert 'href="tel:991"' in html and "907" not in html


def test_open_now_on_a_saturday_noon_in_london(directory):
    saturday_noon = datetime(2026, 12, 5, 12, 0, tzinfo=tz.utc)  # Europe/London is on GMT in December
    hours = parse_hours("mon-fri 09:00-17:00; sat 10:00-14:00")
    assert open_state(hours, "Europe/London", saturday_noon).open_now
    closed = open_state(parse_hours("mon-fri 09:00-17:00"), "Europe/London", saturday_noon)
    assert not closed.open_now and (closed.opens_day, closed.opens_at) == (0, "09:00")
    night = open_state(parse_hours("mon-sun 15:30-00:30"), "Europe/Lisbon", datetime(2026, 12, 6, 0, 10, tzinfo=tz.utc))
    assert night.open_now  # past midnight, still open
    line = CrisisLine.objects.get(key="gb-music-support")
    line.opening_hours = parse_hours("mon-fri 09:00-17:00")
    line.save()
    directory = directory_for("GB", now=saturday_noon)
    music = next(l for l in directory.music_lines if l.key == "gb-music-support")
    assert not music.is_open_now and music.open_state.opens_day == 0


def test_the_main_button_is_open_now_and_for_everyone(client, directory):
    monday_night = datetime(2026, 12, 7, 23, 0, tzinfo=tz.utc)
    hr = directory_for("HR", now=monday_night)
    assert hr.main_lines == []  # a children's line is never the general button
    pl_open = directory_for("PL", now=datetime(2026, 12, 7, 15, 0, tzinfo=tz.utc))
    assert [l.key for l in pl_open.main_lines][:1] in (["pl-centrum-wsparcia"], [])
    mv = directory_for("MV", now=datetime(2026, 12, 5, 12, 0, tzinfo=tz.utc))
    assert [l.key for l in mv.main_lines] == ["mv-1677"]  # 24/7 for everyone, never the students' line
    html = client.get("/help/BG/").content.decode()
    assert '<a class="call"' not in html and "No line for everyone is open right now" in html


def test_two_independent_reports_in_seven_days_hold_a_line_from_print_runs(directory):
    line = CrisisLine.objects.get(key="gb-shout")
    token = form_token("GB")
    report_wrong_number(country="GB", token=token, message="no answer", line_id=line.pk, reporter="a")
    report_wrong_number(country="GB", token=token, message="still no answer", line_id=line.pk, reporter="a")
    line.refresh_from_db()
    assert not line.held_for_recheck  # the same reporter twice is one report
    report_wrong_number(country="GB", token=token, message="wrong number", line_id=line.pk, reporter="b")
    line.refresh_from_db()
    assert line.held_for_recheck
    assert all(p.name != "Shout 85258" for p in printable_directory("GB", "en").lines)


def test_one_report_from_an_organizer_is_enough(directory, organizer):
    from helplines.services.reports import report_from_organizer

    line = CrisisLine.objects.get(key="gb-samaritans")
    report_from_organizer(line, organizer, "The number rings out")
    line.refresh_from_db()
    assert line.held_for_recheck
    verify_by_test_call([line], organizer)
    line.refresh_from_db()
    assert not line.held_for_recheck  # re-checked: printable again
