#!/usr/bin/env python3
"""Writes a cancellation-notice CSV for the pre-flight test: good rows
around one bad row of each kind a batch fails, and prints the numbers of
the bad rows (one per line) to standard output.

    make_preflight.py EXAMPLES.csv OUT.csv

Run with --on 2026-11-25 (the date the notices are checked against)."""
import csv
import io
import sys

source, out_path = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    columns = reader.fieldnames
    base = next(reader)  # C-20011, Spain: notice 2026-11-25, effective 2026-12-07


def row(customer_id, **changes):
    r = dict(base, customer_id=customer_id)
    r.update(changes)
    return r


# (row, broken) in file order; bad ones are marked with the reason
cases = [
    ("good", row("P-001")),
    ("bad: a reason that is none of the three", row("P-002", notice_reason="late-payment")),
    ("good", row("P-003")),
    ("bad: effective before the minimum notice",
     row("P-004", effective_date="2026-11-26")),
    ("bad: a malformed date", row("P-005", start_date="2026-13-01")),
    ("bad: a required field empty", row("P-006", legal_name="")),
    ("bad: an unknown country", row("P-007", country="ZZ")),
    ("good", row("P-008")),
    ("bad: no customer id", row("")),
    ("bad: the same output name as an earlier row", row("p-001")),
    ("bad: notice dated (--on) after its own effective date",
     row("P-011", notice_date="2026-09-01", effective_date="2026-11-20")),
    ("bad: a missing cancellation field", row("P-012", notice_date="")),
    ("good", row("P-013")),
]

text = io.StringIO()
writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
writer.writeheader()
bad = []
for number, (what, r) in enumerate(cases, start=1):
    writer.writerow(r)
    if what.startswith("bad"):
        bad.append(number)
# a record with fewer fields than the header, then a good row after it
text.write("P-014,Short Row S.L.\r\n")
bad.append(len(cases) + 1)
writer.writerow(row("P-015"))

with open(out_path, "w", encoding="utf-8", newline="") as f:
    f.write(text.getvalue())
print("\n".join(str(n) for n in bad))
