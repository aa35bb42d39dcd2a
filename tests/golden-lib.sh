# Sourced by the golden-file scripts (tests/catalog/golden.sh,
# tests/documents/golden.sh): one output against its golden file.

# golden_check OUT GOLDEN WHAT: with PLIEGO_UPDATE_GOLDEN=1 copies OUT to
# GOLDEN; otherwise compares them and, when GOLDEN is missing or differs,
# says so (WHAT names the case) with the start of the diff and returns 1.
golden_check() {
  local out=$1 golden=$2 what=$3 diff
  if [ "${PLIEGO_UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$(dirname "$golden")"
    cp "$out" "$golden"
  elif [ ! -f "$golden" ]; then
    echo "FAIL: missing $golden (run with PLIEGO_UPDATE_GOLDEN=1)" >&2
    return 1
  elif ! diff=$(diff -u "$golden" "$out"); then
    echo "FAIL: $what differs from its golden file:" >&2
    head -n 40 <<< "$diff" >&2
    return 1
  fi
}
