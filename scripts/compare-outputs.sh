#!/usr/bin/env bash
# Byte-compares what two commits make of the same inputs, to show that a
# restructuring changed no output:
#
#   scripts/compare-outputs.sh REV_A REV_B
#
# Each commit is exported with `git archive` into a temporary folder and its
# CLI built there (no worktree is touched). Both CLIs then get the inputs of
# REV_A's tree, so only the code differs:
#   - the area tree and PDF of every tests/golden/cases/*.fo and tests/e2e/fo/*.fo;
#   - the document XML, FO and PDF of every document of the document matrix
#     (tests/catalog/matrix.csv rows x kinds x languages, as tests/documents).
# Prints one line per differing file and a summary; exits 0 when every output
# is identical (a PDF may differ only in how its streams are compressed; the
# summary counts those apart), 1 when one differs, 2 on usage or build errors.
# KEEP=1 keeps the temporary folder; JOBS sets ninja's -j (default 2).
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: scripts/compare-outputs.sh REV_A REV_B" >&2
    exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pliego-compare.XXXXXX")
if [ "${KEEP:-}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi

export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600

build() { # REV NAME: export and build REV's CLI into $work/NAME
    local rev=$1 name=$2
    mkdir -p "$work/$name/src"
    if ! git -C "$repo" archive "$rev" | tar -x -C "$work/$name/src"; then
        echo "compare-outputs: cannot export $rev" >&2
        exit 2
    fi
    if ! (meson setup "$work/$name/build" "$work/$name/src" >"$work/$name/setup.log" 2>&1 &&
          ninja -C "$work/$name/build" -j "${JOBS:-2}" pliego >"$work/$name/build.log" 2>&1); then
        echo "compare-outputs: building $rev failed; see $work/$name/*.log" >&2
        trap - EXIT
        exit 2
    fi
}

render_all() { # NAME: every output of $work/NAME's CLI into $work/NAME/out
    local name=$1 cli="$work/$1/build/pliego" out="$work/$1/out"
    local inputs="$work/a/src"
    export FONTCONFIG_FILE="$inputs/tests/fonts/fonts.conf"
    mkdir -p "$out"
    local fo base
    for fo in "$inputs"/tests/golden/cases/*.fo "$inputs"/tests/e2e/fo/*.fo; do
        [ -f "$fo" ] || continue
        base=$(basename "$(dirname "$fo")")-$(basename "$fo" .fo)
        "$cli" fo2pdf --quiet "$fo" -o "$out/$base.pdf" \
            --dump-areas "$out/$base.areas.xml" >/dev/null 2>"$out/$base.stderr" \
            || echo "exit $?" >>"$out/$base.stderr"
    done
    local matrix="$inputs/tests/catalog/matrix.csv" rows row kind lang
    rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$matrix")
    for row in $(seq 1 "$rows"); do
        for kind in service-description cancellation-notice transfer-notice; do
            for lang in en es fr de pt ja; do
                base="matrix-$row-$kind-$lang"
                local emit
                for emit in document fo pdf; do
                    local args=(render --catalog "$inputs" --customer "$matrix" --row "$row"
                                --doc "$kind" --lang "$lang" --on 2026-11-25 -q)
                    [ "$emit" = pdf ] || args+=(--emit "$emit")
                    "$cli" "${args[@]}" -o "$out/$base.$emit" >/dev/null \
                        2>>"$out/$base.stderr" || echo "$emit: exit $?" >>"$out/$base.stderr"
                done
            done
        done
    done
}

build "$1" a
build "$2" b
render_all a
render_all b

# Two PDFs whose bytes differ may still hold the same objects and the same
# stream contents, compressed differently (another deflate level): qpdf
# rewrites both with every stream uncompressed and a fixed /ID to tell.
same_uncompressed() {
    qpdf --stream-data=uncompress --static-id "$1" "$work/one.pdf" 2>/dev/null &&
        qpdf --stream-data=uncompress --static-id "$2" "$work/two.pdf" 2>/dev/null &&
        cmp -s "$work/one.pdf" "$work/two.pdf"
}

total=0 differ=0 compression=0
while IFS= read -r -d '' file; do
    rel=${file#"$work/a/out/"}
    total=$((total + 1))
    if cmp -s "$file" "$work/b/out/$rel"; then
        continue
    fi
    if [[ $rel == *.pdf ]] && same_uncompressed "$file" "$work/b/out/$rel"; then
        compression=$((compression + 1))
        continue
    fi
    echo "differs: $rel"
    differ=$((differ + 1))
done < <(find "$work/a/out" -type f -print0 | sort -z)
extra=$(comm -13 <(cd "$work/a/out" && find . -type f | sort) <(cd "$work/b/out" && find . -type f | sort) | wc -l)
pdfs=$(find "$work/a/out" -name '*.pdf' -size +0 | wc -l)
echo "compare-outputs: $1 vs $2: $total files ($pdfs PDFs, area trees, FO, document XML, messages)"
echo "compare-outputs: $((total - differ - compression)) byte-identical, $compression PDFs identical once their streams are uncompressed, $differ differ, $extra only in $2"
[ "$differ" -eq 0 ] && [ "$extra" -eq 0 ]
