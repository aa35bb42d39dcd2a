#!/usr/bin/env bash
# pliego serve under wrk on loopback, against the targets of issue 13:
#   1. preview latency: one client changing a field (the number of users)
#      on every request and asking for the PNG of page 1 of the service
#      description, as the sales page does while someone types
#      (target p50 <= 60 ms, p95 <= 120 ms);
#   2. throughput: cancellation-notice PDFs per second over keep-alive
#      connections (target >= 300/s on 2 cores);
#   3. memory: RSS, PSS and USS of the server and of each worker before,
#      and after REQUESTS requests in all, and after German previews
#      (target: flat, the server <= 64 MiB, each worker <= 40 MiB).
#
#   bench/serve.sh      SECONDS_EACH=10 REQUESTS=10000 WORKERS=2 CONNECTIONS=4
#
# Bounded in time: each wrk run lasts SECONDS_EACH, and the memory phase
# stops after REQUESTS requests or 10 x SECONDS_EACH, whichever is first
# (it says which). Not part of the test suite: it prints figures. Fonts
# come from tests/fonts/fonts.conf, as in bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pliego=${PLIEGO:-$root/build/pliego}
each=${SECONDS_EACH:-10}
requests=${REQUESTS:-10000}
workers=${WORKERS:-$(nproc)}
connections=${CONNECTIONS:-4}
[ -x "$pliego" ] || { echo "bench: no $pliego; build first or set PLIEGO" >&2; exit 1; }
command -v wrk > /dev/null || { echo "bench: no wrk (scripts/setup.sh installs it)" >&2; exit 1; }
export FONTCONFIG_FILE=$root/tests/fonts/fonts.conf
export SOURCE_DATE_EPOCH=1767225600
scratch=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

mkdir "$scratch/web"
echo '<!doctype html><title>bench</title>' > "$scratch/web/index.html"
"$pliego" serve --listen 127.0.0.1:0 --catalog "$root" --web "$scratch/web" \
    --workers "$workers" --queue 256 -q 2> "$scratch/log" &
server_pid=$!
# up to a minute: the server loads the hyphenation dictionaries before it
# listens (German's takes libhyphen 1.6 s of CPU, more on a busy machine)
for _ in $(seq 600); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$scratch/log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$scratch/log" >&2; exit 1; }
base=http://127.0.0.1:$port

# the form of the first example customer, as the page posts it
python3 - "$base" "$root/examples/customers.csv" > "$scratch/form.lua" <<'PY'
import csv, json, sys, urllib.parse, urllib.request
base, customers = sys.argv[1], sys.argv[2]
meta = json.load(urllib.request.urlopen(base + "/api/meta"))
row = next(csv.DictReader(open(customers, newline="")))
fields = {k: v for k, v in row.items() if v}
fields.update({"csrf": meta["csrf"], "on": "2026-11-25"})
def lua(value):
    return json.dumps(urllib.parse.urlencode(value))
preview = dict(fields, doc="service-description", page="1")
preview.pop("users", None)
notice = dict(fields, doc="cancellation-notice", notice_date="2026-11-25",
              effective_date="2027-01-30", notice_reason="non-payment")
print("preview_body = %s" % lua(preview))
# the same customer in Germany, in German: the hyphenation dictionary
# every worker then holds is German's, by far the largest (1 MB of patterns)
german = dict(preview, country="DE", language="de")
print("german_body = %s" % lua(german))
print("notice_same_body = %s" % lua(notice))
notice.pop("order_number", None)
print("notice_body = %s" % lua(notice))
PY
cat >> "$scratch/form.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
route = os.getenv("ROUTE")
counter = 0
request = function()
  counter = counter + 1
  if route == "preview" then
    -- a field changes on every request: the users count
    return wrk.format(nil, "/api/preview", nil, preview_body .. "&users=" .. (counter % 500 + 1))
  end
  if route == "german" then
    return wrk.format(nil, "/api/preview", nil, german_body .. "&users=" .. (counter % 500 + 1))
  end
  if route == "notice-same" then
    -- the same record every time: the worker draws its laid-out document
    return wrk.format(nil, "/api/pdf", nil, notice_same_body)
  end
  -- a new record each time (its order number), so each PDF is a new document
  return wrk.format(nil, "/api/pdf", nil, notice_body .. "&order_number=ORD-" .. counter)
end
statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.2f p50=%.1f p95=%.1f p99=%.1f errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
LUA

# resident (RSS), proportional (PSS: each shared page divided among the
# processes that map it) and unique (USS: private pages only) memory in
# MiB. RSS counts the pages a worker shares with the server (copy-on-write
# after the fork: catalogue, templates, fonts, hyphenation dictionaries) in
# full in every process; the sum of PSS is what the processes take in all.
sizes() { awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } /^Private_(Clean|Dirty):/ { u += $2 }
  END { printf "%.1f/%.1f/%.1f", r / 1024, p / 1024, u / 1024 }' "/proc/$1/smaps_rollup"; }
workers_of() { python3 -c 'import json, sys, urllib.request
print(" ".join(map(str, json.load(urllib.request.urlopen(sys.argv[1] + "/api/status"))["workers"])))' "$base"; }
memory() {
  local line="server $(sizes "$server_pid"), workers"
  for pid in $(workers_of); do line="$line $(sizes "$pid")"; done
  echo "$line  (RSS/PSS/USS MiB)"
}
field() { sed -n "s/.*RESULT.* $1=\([0-9.]*\).*/\1/p" "$2"; }

echo "pliego serve, $workers workers; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(the machine is shared with other engineers' builds and tests: figures vary)"
# one warm-up request per worker: fonts load on a worker's first document
for _ in $(seq "$workers"); do ROUTE=preview wrk -t1 -c1 -d1s -s "$scratch/form.lua" "$base" > /dev/null; done
before=$(memory)

ROUTE=preview wrk -t1 -c1 -d"${each}s" -s "$scratch/form.lua" "$base" > "$scratch/preview"
echo "preview (a field changed, PNG of page 1 of the service description), 1 client:"
printf '  p50 %s ms, p95 %s ms, p99 %s ms over %s requests   (target p50 <= 60, p95 <= 120)\n' \
  "$(field p50 "$scratch/preview")" "$(field p95 "$scratch/preview")" \
  "$(field p99 "$scratch/preview")" "$(field requests "$scratch/preview")"

ROUTE=notice wrk -t2 -c"$connections" -d"${each}s" -s "$scratch/form.lua" "$base" > "$scratch/notice"
n=$(field requests "$scratch/notice"); s=$(field seconds "$scratch/notice")
echo "cancellation-notice PDFs, keep-alive, $connections connections, a new record each:"
printf '  %s PDFs/s (%s in %s s, p50 %s ms, %s errors)   (target >= 300/s)\n' \
  "$(python3 -c "print(f'{$n / $s:.0f}')")" "$n" "$s" "$(field p50 "$scratch/notice")" \
  "$(field errors "$scratch/notice")"

ROUTE=notice-same wrk -t2 -c"$connections" -d"${each}s" -s "$scratch/form.lua" "$base" > "$scratch/same"
n2=$(field requests "$scratch/same"); s2=$(field seconds "$scratch/same")
printf '  %s PDFs/s when every request is the same record (drawn from the laid-out document; %s errors)\n' \
  "$(python3 -c "print(f'{$n2 / $s2:.0f}')")" "$(field errors "$scratch/same")"
n=$(( n + n2 ))

# memory: more requests until REQUESTS in all (or the time bound)
done_so_far=$(( $(field requests "$scratch/preview") + n ))
limit=$(( each * 10 ))
start=$(date +%s)
while [ "$done_so_far" -lt "$requests" ] && [ $(( $(date +%s) - start )) -lt "$limit" ]; do
  ROUTE=notice wrk -t2 -c"$connections" -d"${each}s" -s "$scratch/form.lua" "$base" > "$scratch/more"
  done_so_far=$(( done_so_far + $(field requests "$scratch/more") ))
done
echo "memory (targets: server <= 64 MiB, each worker <= 40 MiB, flat):"
echo "  after warm-up:          $before"
echo "  after $done_so_far requests: $(memory)"
[ "$done_so_far" -ge "$requests" ] || echo "  (stopped at the time bound of $limit s before $requests requests)"

# German: every worker renders German service descriptions (hyphenated
# with the German dictionary the server loaded before the fork)
ROUTE=german wrk -t1 -c"$workers" -d"${each}s" -s "$scratch/form.lua" "$base" > "$scratch/german"
echo "after $(field requests "$scratch/german") German previews ($workers clients, p50 $(field p50 "$scratch/german") ms):"
echo "  $(memory)"
