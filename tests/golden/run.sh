#!/usr/bin/env bash
# Golden area-tree test: lays out cases/NAME.fo and compares the dumped
# area tree with cases/NAME.areas.xml. With PLIEGO_UPDATE_GOLDEN=1 the
# golden file is rewritten instead; review the diff like code.
set -euo pipefail
name=$1
here=$(cd "$(dirname "$0")" && pwd)
fo="$here/cases/$name.fo"
golden="$here/cases/$name.areas.xml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PLIEGO" fo2pdf --quiet "$fo" --dump-areas "$work/areas.xml"
if [ "${PLIEGO_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$work/areas.xml" "$golden"
    echo "updated $golden"
    exit 0
fi
if [ ! -f "$golden" ]; then
    echo "missing golden file $golden (run with PLIEGO_UPDATE_GOLDEN=1)" >&2
    exit 1
fi
if ! diff -u "$golden" "$work/areas.xml"; then
    echo "$name: the area tree differs from $golden" >&2
    exit 1
fi
