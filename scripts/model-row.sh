#!/usr/bin/env bash
# One row of docs/MODELS.md for a model file: its shape and training metrics (from the artifact), its forecast
# ratios on the NAB files with and without each sensor's combiner, and the cross-validated detection figure, all
# from fresh replays with retraining off (so the row is the model's, not the stream's retrains).
# Usage: scripts/model-row.sh NAB_DIR MODEL_FILE
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nab="${1:?usage: scripts/model-row.sh NAB_DIR MODEL_FILE}"
model="${2:?usage: scripts/model-row.sh NAB_DIR MODEL_FILE}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
labels="$nab/labels/combined_windows.json"
"$here/vigil" models describe "$model"
for combiner in true false; do
  "$here/vigil" replay --input "$nab/data" --out "$work/$combiner" --model "$model" \
    --set train.enabled=false --set forecast.combiner.enabled="$combiner" --set detect.reference=live > /dev/null
  echo "combiner=$combiner"
  "$here/vigil" eval --results "$work/$combiner" --data "$nab/data" --labels "$labels" | grep -E '^(forecast|online)'
done
"$here/vigil" eval --results "$work/true" --data "$nab/data" --labels "$labels" --cross-validate | tail -n 1
