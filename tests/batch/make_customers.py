#!/usr/bin/env python3
"""Writes a customer CSV of N rows for the batch tests, built from the
example customers (examples/customers.csv): rows alternate between the
Spanish and the Canadian customer (every 50th the Japanese one), each with
its own customer id C-0001, C-0002, ... and legal name.

  make_customers.py EXAMPLES.csv N OUT.csv [--bad] [--latin]

--latin leaves the Japanese customer out (bench/batch.sh: every page of the
same kind, as FOP's figure is for).

--bad breaks some rows on purpose, each as the tests expect (the row
numbers are printed as NAME=ROW lines for the test to read):
  country   an unknown country (ZZ)
  early     an effective date one day after the notice (too early)
  ragged    a record with too few fields (a broken CSV record)
  quote     a stray quote inside an unquoted field (a broken CSV record)
  collide   a customer id that becomes the same file name as an earlier one
"""
import csv
import io
import sys

examples, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
bad = "--bad" in sys.argv
latin = "--latin" in sys.argv
with open(examples, encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    columns = reader.fieldnames
    base = list(reader)
spanish, japanese, canadian = base[0], base[1], base[2]

marks = {}
if bad:
    marks = {17: "country", 42: "early", 60: "ragged", 61: "quote", 90: "collide"}

buffer = io.StringIO()
writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
writer.writeheader()
lines = [buffer.getvalue()]
for row in range(1, count + 1):
    source = japanese if row % 50 == 0 and not latin else (spanish if row % 2 else canadian)
    record = dict(source)
    record["customer_id"] = "C-%04d" % row
    record["legal_name"] = "%s %d" % (source["legal_name"], row)
    kind = marks.get(row)
    if kind == "country":
        record["country"] = "ZZ"
    elif kind == "early":
        record["effective_date"] = "2026-11-26"
    elif kind == "collide":
        # "C-0089/" sanitises to C-0089_, as "C-0089_" would: row 89 is
        # given that id first
        record["customer_id"] = "C-0089/"
    if row == 89 and bad:
        record["customer_id"] = "C-0089_"
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n").writerow(record)
    line = buffer.getvalue()
    if kind == "ragged":
        line = "C-%04d,too,few,fields\r\n" % row
    elif kind == "quote":
        line = 'C-%04d,Broken "quote" Ltd,%s\r\n' % (row, ",".join([""] * (len(columns) - 2)))
    lines.append(line)
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("".join(lines))
for row, kind in sorted(marks.items()):
    print("%s=%d" % (kind, row))
