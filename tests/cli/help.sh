#!/usr/bin/env bash
# Help covers every command and option. The commands come from the program
# itself (`pliego help --list`), so a command added later is covered. For
# each command, the options it accepts are read from its source file
# (src/cli/NAME.c, the GOptionEntry rows) and each must appear in
#   - `pliego COMMAND --help`, with a sentence after it;
#   - `pliego help COMMAND` (the same text);
#   - its man page docs/man/pliego-COMMAND.1.scd;
# and `pliego --help` must list the command.
set -euo pipefail
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$PLIEGO" help --list > "$tmp/commands" || { echo "FAIL: help --list exited $?" >&2; exit 1; }
[ "$(wc -l < "$tmp/commands")" -ge 6 ] || { echo "FAIL: help --list lists too few commands" >&2; exit 1; }
"$PLIEGO" --help > "$tmp/top"
status=0
"$PLIEGO" help no-such-command 2> /dev/null || status=$?
[ "$status" -eq 1 ] || fail "help of an unknown command exited $status, not 1"

while read -r command; do
  source=$root/src/cli/${command//-/_}.c
  if [ ! -f "$source" ]; then
    fail "$command: no source file $source to read its options from"
    continue
  fi
  grep -q "^  $command " "$tmp/top" || fail "pliego --help does not list $command"
  "$PLIEGO" "$command" --help > "$tmp/help" || fail "$command --help exited $?"
  "$PLIEGO" help "$command" > "$tmp/help2" || fail "help $command exited $?"
  cmp -s "$tmp/help" "$tmp/help2" || fail "help $command differs from $command --help"
  grep -q "^  pliego $command " "$tmp/help" || fail "$command --help does not name pliego $command"
  grep -q "^Exit status: 0 " "$tmp/help" || fail "$command --help does not give its exit statuses"
  # {"long-name", 'x' or 0, ... : every option the command parses
  options=$(grep -oE '\{"[a-z][a-z0-9-]*", *('"'"'.'"'"'|0), *[0-9A-Z_|]+, *G_OPTION_ARG' "$source" |
            sed -E 's/^\{"([^"]+)".*/\1/' | sort -u)
  [ -n "$options" ] || fail "$command: no options found in $source"
  man=$root/docs/man/pliego-$command.1.scd
  [ -f "$man" ] || fail "$command has no man page $man"
  for option in $options; do
    # "  --name=ARG   Sentence" or "  -x, --name   Sentence"
    grep -qE -- "--$option(=[A-Z/|]+)? +[^ ]" "$tmp/help" ||
      fail "$command --help does not describe --$option"
    [ -f "$man" ] && ! grep -qF -- "*--$option*" "$man" &&
      fail "$man does not document --$option"
  done
done < "$tmp/commands"

# the negative case: an option the help leaves out is caught
printf '  --output=FILE   Where\n' > "$tmp/help"
grep -qE -- "--png(=[A-Z/|]+)? +[^ ]" "$tmp/help" && fail "the check finds an option that is not there"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "help: $(wc -l < "$tmp/commands") commands, every option described"
