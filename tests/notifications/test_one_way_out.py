"""Every email leaves through the outbox: no module outside `notifications` talks to Django's mail
or to an SMTP server itself (confirmations, waiting-list places, promotions, cancellations, new
times, low stock, digests, welfare alerts, rota notices all call `queue_email` / `queue_sms`)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SENDING = re.compile(
    r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives|get_connection|smtplib)\b"
)
SKIP = {"tests", "bench", "notifications", ".venv", "node_modules", "staticfiles", "migrations"}


def test_no_module_outside_the_outbox_sends_mail_itself():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if any(part in SKIP or part.startswith(".") for part in parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SENDING.search(line) and "transaction.get_connection" not in line:
                offenders.append(f"{'/'.join(parts)}:{number}: {line.strip()}")
    assert offenders == []
