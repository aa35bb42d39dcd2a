#!/usr/bin/env bash
# pliego variants on a small part of the shipped matrix (the whole matrix
# is bench/review.sh's): one PDF and one first-page PNG per variant,
# variants.json consistent with the files (pages, SHA-256), every variant
# in exactly one group and the groups' signatures distinct, index.pdf with
# one page per group naming its variants, the PDFs the same bytes as
# pliego render gives, and a second run that resumes instead of redoing.
source "$(dirname "$0")/lib.sh"
out=$tmp/variants
run variants --doc service-description --out "$out" --countries MX,AR --on 2026-11-25 \
    -j 2 --catalog "$root" -q
[ "$status" = 0 ] || fail "variants: exit $status: $(cat "$tmp/err")"
python3 - "$out" <<'PY' || fail "variants.json does not match the files"
import hashlib, json, os, sys
out = sys.argv[1]
report = json.load(open(os.path.join(out, "variants.json")))
ok = True
def problem(text):
    global ok
    print(text, file=sys.stderr)
    ok = False
variants = report["variants"]
ids = [v["id"] for v in variants]
expected = {f"{c}-{ch}-{l}" for c, langs in (("MX", "es"), ("AR", "es"))
            for l in langs.split() for ch in ("direct", "reseller")}
if set(ids) != expected or len(ids) != len(expected):
    problem(f"variants {ids}, expected {sorted(expected)}")
for v in variants:
    pdf = os.path.join(out, v["file"] or "")
    if v["status"] != "ok" or not os.path.isfile(pdf):
        problem(f"{v['id']}: status {v['status']}, file {v['file']}")
        continue
    data = open(pdf, "rb").read()
    if hashlib.sha256(data).hexdigest() != v["sha256"]:
        problem(f"{v['id']}: sha256 differs from the file's")
    if v["pages"] < 1 or not v["clauses"] or not v["region"] or not v["signature"]:
        problem(f"{v['id']}: pages, clauses, region or signature missing")
    for c in v["clauses"]:
        if not (c["id"] and c["version"] >= 1 and len(c["sha256"]) == 64):
            problem(f"{v['id']}: clause {c}")
    png = pdf[:-4] + ".png"
    if not os.path.isfile(png) or open(png, "rb").read(8) != b"\x89PNG\r\n\x1a\n":
        problem(f"{v['id']}: no first-page PNG")
members = [m for g in report["groups"] for m in g["variants"]]
if sorted(members) != sorted(ids):
    problem("every variant must be in exactly one group")
by_id = {v["id"]: v for v in variants}
signatures = []
for g in report["groups"]:
    mine = {by_id[m]["signature"] for m in g["variants"]}
    if len(mine) != 1:
        problem(f"group {g['group']} mixes signatures")
    signatures += list(mine)
    if not g["difference"]:
        problem(f"group {g['group']} has no difference text")
if len(signatures) != len(set(signatures)):
    problem("two groups share a signature")
sys.exit(0 if ok else 1)
PY
groups=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["groups"]))' "$out/variants.json")
pages=$(pdfinfo "$out/index.pdf" | sed -n 's/^Pages: *//p')
[ "$groups" = "$pages" ] || fail "index.pdf has $pages pages for $groups groups"
qpdf --check "$out/index.pdf" >/dev/null 2>&1 || fail "qpdf --check rejects index.pdf"
pdftotext "$out/index.pdf" "$tmp/index.txt"
for id in MX-direct-es MX-reseller-es AR-direct-es AR-reseller-es; do
    grep -q "$id" "$tmp/index.txt" || fail "index.pdf does not name $id"
done
# the same bytes as pliego render of the variant's row
row=$(python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
print(next(i for i, r in enumerate(rows) if r[0] == "MX-reseller-es"))' "$out/variants.csv")
[ -n "$row" ] || fail "MX-reseller-es is not in variants.csv"
run render --customer "$out/variants.csv" --row "${row:-1}" --doc service-description \
    --on 2026-11-25 --catalog "$root" -o "$tmp/render.pdf" -q
[ "$status" = 0 ] || fail "render of the variant's row: exit $status: $(cat "$tmp/err")"
cmp -s "$tmp/render.pdf" "$out/MX-reseller-es-service-description.pdf" ||
    fail "the variant's PDF differs from pliego render's"
# --customer: the variants are that customer's
run variants --doc service-description --out "$tmp/customer" --countries MX --channels direct \
    --customer "$root/examples/customer.xml" --on 2026-11-25 -j 1 --catalog "$root" -q
[ "$status" = 0 ] || fail "variants --customer: exit $status: $(cat "$tmp/err")"
pdftotext "$tmp/customer/MX-direct-es-service-description.pdf" "$tmp/customer.txt" 2>/dev/null ||
    fail "variants --customer wrote no MX-direct-es PDF"
grep -q "Talleres Ribera" "$tmp/customer.txt" || fail "variants --customer: not the customer's document"
# a second run resumes: every row skipped, the same report
cp "$out/variants.json" "$tmp/first.json"
run variants --doc service-description --out "$out" --countries MX,AR --on 2026-11-25 \
    -j 2 --catalog "$root" -q
[ "$status" = 0 ] || fail "second run: exit $status: $(cat "$tmp/err")"
grep -q ',skipped,' "$out/manifest.csv" || fail "the second run rendered again instead of resuming"
cmp -s "$tmp/first.json" "$out/variants.json" || fail "the second run's variants.json differs"
finish
