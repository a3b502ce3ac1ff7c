#!/usr/bin/env bash
# Assembles docs/RESULTS.md from the results.md files the experiment commands wrote under
# results/, and copies their PNG plots to docs/results/ (results/ itself is git-ignored).
# Nothing here computes a number: the tables are pasted as the commands wrote them.
set -euo pipefail
out=docs/RESULTS.md
mkdir -p docs/results
{
  cat samples/scripts/results-header.md
  for dir in "$@"; do
    name=$(basename "$dir")
    mkdir -p "docs/results/$name"
    (cd "$dir" && find . -name '*.png' -not -path './runs/*' | while read -r png; do
      mkdir -p "../../docs/results/$name/$(dirname "$png")"
      cp "$png" "../../docs/results/$name/$png"
    done)
    echo
    # demote headings one level and point images at the copies
    sed -e 's/^#/##/' -e "s#](\([^)]*\.png\))#](results/$name/\1)#" "$dir/results.md"
  done
} > "$out"
echo "wrote $out"
