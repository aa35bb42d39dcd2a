# Shared by the batch scripts (sourced): tests/lib.sh (a scratch folder,
# failure reporting, the CLI under PLIEGO_TEST_LOCALE), customer files
# made by make_customers.py, and manifest helpers.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
: "${PLIEGO_SOURCE_ROOT:?PLIEGO_SOURCE_ROOT must name the source tree (meson test sets it)}"
batch_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
catalog=$PLIEGO_SOURCE_ROOT
examples=$PLIEGO_SOURCE_ROOT/examples/customers.csv

# exec_pliego ARGS...: pliego in place of the calling (sub)shell, so that
# `exec_pliego ... &` makes $! pliego's own process id
exec_pliego() {
  if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then
    export LC_ALL=$PLIEGO_TEST_LOCALE
  fi
  exec "$PLIEGO" "$@"
}

# batch CSV OUT ARGS...: a cancellation-notice batch on the fixed date;
# sets $status
batch() {
  local csv=$1 out=$2
  shift 2
  status=0
  pliego batch "$csv" --doc cancellation-notice --out "$out" --on 2026-11-25 \
    --catalog "$catalog" -j 2 -q "$@" || status=$?
}

# make_customers N OUT.csv [--bad]: prints NAME=ROW for the bad rows
make_customers() {
  python3 "$batch_dir/make_customers.py" "$examples" "$@"
}

# field MANIFEST ROW COLUMN: one value of the manifest (columns by name)
field() {
  python3 - "$@" <<'PY'
import csv, sys
path, row, column = sys.argv[1], sys.argv[2], sys.argv[3]
for record in csv.DictReader(open(path, encoding="utf-8", newline="")):
    if record["row"] == row:
        print(record[column])
PY
}

# check_manifest MANIFEST OUT ROWS: one record per row 1..ROWS in order,
# every ok/skipped row's file in OUT with its bytes and SHA-256, no file
# for a failed row, no temporary file left in OUT; prints problems
check_manifest() {
  python3 - "$@" <<'PY'
import csv, hashlib, os, sys
path, out, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
records = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
numbers = [int(r["row"]) for r in records]
if numbers != list(range(1, rows + 1)):
    print("rows are not exactly 1..%d once each (%d records)" % (rows, len(numbers)))
named = set()
for r in records:
    if r["status"] in ("ok", "skipped"):
        p = os.path.join(out, r["file"])
        if not os.path.exists(p):
            print("row %s: %s is missing" % (r["row"], r["file"]))
            continue
        data = open(p, "rb").read()
        if len(data) != int(r["bytes"]) or hashlib.sha256(data).hexdigest() != r["sha256"]:
            print("row %s: %s differs from the manifest" % (r["row"], r["file"]))
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-32:]:
            print("row %s: %s is not a whole PDF" % (r["row"], r["file"]))
        named.add(r["file"])
    elif r["status"] == "failed":
        if r["file"] or not r["error"]:
            print("row %s: failed without an error, or with a file" % r["row"])
    else:
        print("row %s: status %s" % (r["row"], r["status"]))
for name in os.listdir(out):
    if name.startswith(".pliego-partial") or ".pdf." in name or name.endswith(".partial"):
        print("left behind: %s" % name)
    elif name.endswith(".pdf") and name not in named:
        print("a PDF no record names: %s" % name)
PY
}
