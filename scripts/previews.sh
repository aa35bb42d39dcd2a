#!/usr/bin/env bash
# Makes the README's page pictures (docs/preview-*.png) again: page 1 of
# each document kind for the shipped example customer, at 60 dpi
# (496 x 702 pixels for A4), on the date the pictures show.
#
#   scripts/previews.sh [BUILD_DIR]     (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pliego=$root/${1:-build}/pliego
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kind in service-description cancellation-notice transfer-notice; do
  "$pliego" render --catalog "$root" --customer "$root/examples/customer.xml" \
    --doc "$kind" --on 2026-11-25 -o "$work/$kind.pdf"
  pdftoppm -png -f 1 -l 1 -singlefile -scale-to-x 496 -scale-to-y 702 \
    "$work/$kind.pdf" "$work/$kind"
  mv "$work/$kind.png" "$root/docs/preview-$kind.png"
done
