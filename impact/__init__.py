"""The impact report: what an activation (or an organization over some dates) did, for the team and its funders.

- `figures.py` counts everything with aggregate queries (a fixed number of them, however many
  sign-ups or ledger rows there are) into an `ImpactReport`;
- `disclosure.py` is the small-numbers rule for anything that leaves the organizer's screen;
- `summary.py` says the headline figures in plain language;
- `charts.py` lays out the charts once, `svg.py` draws them for the admin page, `pdf.py` for the PDF;
- `export.py` writes the CSV.
"""
