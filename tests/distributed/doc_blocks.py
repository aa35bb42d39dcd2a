#!/usr/bin/env python3
"""Checks that docs/batch.md shows each given script byte for byte in a
fenced code block, and that its Kubernetes Job runs the same batch (the
same document kind and date, the shard count from the environment) as
the Slurm script.

    doc_blocks.py docs/batch.md SCRIPT...
"""
import re
import sys

doc_path, scripts = sys.argv[1], sys.argv[2:]
with open(doc_path, encoding="utf-8") as f:
    doc = f.read()
blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", doc, re.S | re.M)
ok = True
for path in scripts:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text not in blocks:
        print(f"{doc_path}: no code block shows {path} as it is", file=sys.stderr)
        ok = False

slurm = open(scripts[0], encoding="utf-8").read()
kubernetes = next((b for b in blocks if "completionMode: Indexed" in b), None)
if kubernetes is None:
    print(f"{doc_path}: no Kubernetes Indexed Job", file=sys.stderr)
    ok = False
else:
    for word in ("batch", "--doc", "cancellation-notice", "--on", "2026-11-25", "--out"):
        if f'"{word}"' not in kubernetes or word not in slurm:
            print(f"{doc_path}: the Kubernetes Job and {scripts[0]} disagree on {word}",
                  file=sys.stderr)
            ok = False
    shards = re.search(r"--array=0-(\d+)", slurm)
    completions = re.search(r"completions: (\d+)", kubernetes)
    count = re.search(r'PLIEGO_SHARD_COUNT\s*value: "(\d+)"', kubernetes)
    if not (shards and completions and count and
            int(shards.group(1)) + 1 == int(completions.group(1)) == int(count.group(1))):
        print(f"{doc_path}: the Kubernetes Job's shard count differs from the Slurm array's",
              file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
