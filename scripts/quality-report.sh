#!/usr/bin/env bash
# Regenerates the measured part of docs/QUALITY.md and its pictures: a fresh replay of the NAB pack with the
# shipped settings, then `vigil eval --cross-validate` writing the tables (leave-one-category-out first, in-sample
# after, Numenta HTM and ARTime scored beside Vigil from their published outputs) and one PNG per category.
# Usage: scripts/quality-report.sh NAB_DIR   (the NAB data pack: its data/ and labels/ folders)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nab="${1:?usage: scripts/quality-report.sh NAB_DIR (the NAB data pack, with data/ and labels/)}"
results="$here/target/nab-results"
rm -rf "$results"
"$here/vigil" replay --input "$nab/data" --out "$results"
"$here/vigil" eval --results "$results" --data "$nab/data" --labels "$nab/labels/combined_windows.json" \
  --cross-validate --baselines "$here/src/test/resources/nab/baselines" \
  --plots "$here/docs/quality" --report "$here/docs/QUALITY.md"
