#!/usr/bin/env python3
"""Lists the functions of C files that are longer or nest deeper than allowed:

    scripts/function-size.py [--max-lines N] [--max-depth N] [--all] FILE...

A function's length counts the lines from its opening brace to its closing
one; its depth is how many statements (if, for, while, switch, do, else) its
deepest statement sits inside, braces or not: a body with an `if` holding a
`for` holding a call is depth 2. It is read from the indentation of the lines
that start a statement (the project indents by four spaces), so that braceless
nesting counts too; continuation lines do not count. Comments, strings and
character literals are ignored. Functions are found by their braces at the start of a
line, as the project's style writes them. Prints one line per offender (or per
function with --all) and exits 1 when there is an offender, so that it can
serve as a test.
"""
import argparse
import re
import sys

NAME = re.compile(r"([A-Za-z_]\w*)\s*\(")


def strip(text):
    """The text with comments, strings and char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


CONTROL = re.compile(r"\s*(}\s*)?(if|for|while|switch|else|do)\b")


def starts_statement(previous, line):
    """Whether line starts a statement, given the code line before it."""
    if line.lstrip().startswith(("{", "}", "#")):
        return False
    end = previous.rstrip()
    if end.endswith((";", "{", "}", ":")) or re.search(r"\b(else|do)$", end):
        return True
    # the line after a control header such as `if (x)` or `for (...)`
    return end.endswith(")") and CONTROL.match(previous) is not None


def functions(path):
    """Yields (name, first line, lines, depth) for each function of path."""
    with open(path, encoding="utf-8") as source:
        lines = strip(source.read()).split("\n")
    depth = 0
    current = None  # [name, start line, max depth]
    previous = ""   # the last code line inside the current function
    header = []     # lines since the last top-level statement, to find a name
    for number, line in enumerate(lines, 1):
        if current and depth > 0 and line.strip():
            if starts_statement(previous, line):
                indent = len(line) - len(line.lstrip(" "))
                current[2] = max(current[2], indent // 4 - 1)
            previous = line
        for c in line:
            if c == "{":
                if depth == 0:
                    text = " ".join(header + [line])
                    names = NAME.findall(text)
                    is_function = (names and ")" in text and "=" not in text.split("(")[0]
                                   and not re.match(r"\s*(struct|union|enum|typedef)\b",
                                                    text.split("(")[0].strip() + " "))
                    current = [names[0], number, 0] if is_function else None
                depth += 1
                if depth == 1:
                    previous = "{"
            elif c == "}":
                depth -= 1
                if depth == 0:
                    if current:
                        yield current[0], current[1], number - current[1] + 1, current[2]
                    current = None
                    header = []
            elif c == ";" and depth == 0:
                header = []
        if depth == 0 and line.strip() and not line.rstrip().endswith(("}", ";")):
            header.append(line)
        elif depth == 0:
            header = [] if line.rstrip().endswith((";", "}")) else header


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-lines", type=int, default=120)
    parser.add_argument("--max-depth", type=int, default=4)
    parser.add_argument("--all", action="store_true", help="list every function")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    offenders = 0
    for path in args.files:
        for name, line, length, depth in functions(path):
            bad = length > args.max_lines or depth > args.max_depth
            offenders += bad
            if bad or args.all:
                print(f"{path}:{line}: {name}: {length} lines, depth {depth}"
                      + (" (too long)" if length > args.max_lines else "")
                      + (" (too deep)" if depth > args.max_depth else ""))
    if offenders:
        print(f"function-size: {offenders} function(s) over {args.max_lines} lines "
              f"or deeper than {args.max_depth}", file=sys.stderr)
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
