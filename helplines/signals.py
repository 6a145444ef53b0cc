"""What the directory asks of the apps above it, without importing them (the cards sit above it).

- `batch_countries`: sent with `organization_ids`; a receiver answers {organization_id: {country
  codes of its card batches}}. The re-check worklist and the digest use it (printables answers).
- `printed_lines`: sent with `organization_ids`; a receiver answers {organization_id: {line ids
  its batches print}} (printables answers, from what each batch's layout prints today).
- `line_declared_dead`: sent with `line`, `user` and `on` (a date), inside the transaction that
  unvets the line and while it is still vetted; a receiver warns what used it and answers how many
  it warned (printables: every card batch not yet in use that prints it).
"""

from django.dispatch import Signal

batch_countries = Signal()
printed_lines = Signal()
line_declared_dead = Signal()


def collect(signal, **kwargs) -> dict:
    """Merges the receivers' {key: set} answers."""
    merged: dict = {}
    for _receiver, answer in signal.send(sender=None, **kwargs):
        for key, values in (answer or {}).items():
            merged.setdefault(key, set()).update(values)
    return merged
