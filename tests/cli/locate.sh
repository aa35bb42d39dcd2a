#!/usr/bin/env bash
# The one lookup order of the catalogue and templates (src/cli/locate.c),
# with the uninstalled binary: --catalog, then $PLIEGO_CATALOG, then the
# current folder when it holds regions/ and locales/; and a missing or
# empty catalogue is bad input (exit 2) in every command that reads one.
set -euo pipefail
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
unset PLIEGO_CATALOG PLIEGO_TEMPLATES  # the lookup itself is under test
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir -p "$tmp/a" "$tmp/b" "$tmp/empty" "$tmp/no-regions/regions" "$tmp/no-regions/locales"
cp -r "$root/regions" "$root/locales" "$tmp/a/"
cp -r "$root/regions" "$root/locales" "$root/templates" "$tmp/b/"

catalogue_line() { "$PLIEGO" --version | sed -n 's/^catalogue: //p'; }
templates_line() { "$PLIEGO" --version | sed -n 's/^templates: //p'; }

got=$(cd "$tmp/a" && catalogue_line)
[ "$got" = "$tmp/a (the current folder)" ] || fail "current folder: --version says $got"
got=$(cd "$tmp/a" && PLIEGO_CATALOG=$tmp/b catalogue_line)
[ "$got" = "$tmp/b (PLIEGO_CATALOG)" ] || fail "PLIEGO_CATALOG over the current folder: $got"
got=$(cd "$tmp/a" && templates_line)
[ "$got" = "$tmp/a/templates" ] || fail "a catalogue without templates/: templates $got"
got=$(cd "$tmp/a" && PLIEGO_CATALOG=$tmp/b templates_line)
[ "$got" = "$tmp/b/templates" ] || fail "the catalogue's own templates/: templates $got"
got=$(cd "$tmp/a" && PLIEGO_TEMPLATES=$tmp/b/templates templates_line)
[ "$got" = "$tmp/b/templates" ] || fail "PLIEGO_TEMPLATES: templates $got"
got=$(cd "$tmp/empty" && catalogue_line)
case $got in none*) ;; *) fail "no catalogue anywhere: --version says $got" ;; esac

# --catalog over PLIEGO_CATALOG: the coverage table is printed either way,
# so the proof is the message naming the folder used
status=0
(cd "$tmp/a" && PLIEGO_CATALOG=$tmp/b "$PLIEGO" check -q --catalog "$tmp/empty") \
  2> "$tmp/err" || status=$?
[ "$status" -eq 2 ] && grep -q "$tmp/empty: error: not a catalogue (from --catalog)" "$tmp/err" ||
  fail "--catalog does not win over PLIEGO_CATALOG: $status $(cat "$tmp/err")"

# every command that reads a catalogue: nothing, an empty folder, a
# catalogue without region files -- each bad input, each said plainly
customer=$root/examples/customer.xml
for where in nothing empty no-regions; do
  for command in check assemble render batch; do
    case $command in
      check) args=(check -q) ;;
      assemble) args=(assemble --customer "$customer" --doc service-description -o "$tmp/out.xml") ;;
      render) args=(render --customer "$customer" --doc service-description -o "$tmp/out.pdf") ;;
      batch) args=(batch "$root/examples/customers.csv" --doc service-description --out "$tmp/out") ;;
    esac
    status=0
    case $where in
      nothing) (cd "$tmp/empty" && "$PLIEGO" "${args[@]}") > /dev/null 2> "$tmp/err" || status=$? ;;
      *) (cd "$tmp/empty" && PLIEGO_CATALOG=$tmp/$where "$PLIEGO" "${args[@]}") > /dev/null 2> "$tmp/err" || status=$? ;;
    esac
    [ "$status" -eq 2 ] || fail "$command with $where as catalogue exited $status, not 2"
    case $where in
      nothing) want="pliego: error: no catalogue: the current folder holds no regions/ and locales/" ;;
      empty) want="pliego: $tmp/empty: error: not a catalogue (from PLIEGO_CATALOG): it has no regions/ folder" ;;
      no-regions) want="pliego: $tmp/no-regions: error: not a catalogue (from PLIEGO_CATALOG): its regions/ folder holds no .xml file" ;;
    esac
    grep -qF -- "$want" "$tmp/err" || fail "$command with $where: $(cat "$tmp/err")"
    [ ! -e "$tmp/out.xml" ] && [ ! -e "$tmp/out.pdf" ] && [ ! -e "$tmp/out" ] ||
      fail "$command with $where left output behind"
  done
done
[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "locate: lookup order and missing catalogues as expected"
