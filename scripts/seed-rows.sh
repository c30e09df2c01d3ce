#!/usr/bin/env bash
# The rows of docs/MODELS.md for one recipe trained from several seeds, so that a change is read against how far the
# seed alone moves its figures (docs/decisions/0034-the-seed-and-the-noiseless-files.md): for each seed, `vigil train`
# with the options given, then scripts/model-row.sh on the model it wrote.
# Usage: scripts/seed-rows.sh NAB_DIR [TRAIN_OPTIONS...]   e.g. scripts/seed-rows.sh NAB_DIR --synthetic 2000 --loss mae
# The seeds are 42 (the default recipe's), 7 and 1234; SEEDS="..." names others.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nab="${1:?usage: scripts/seed-rows.sh NAB_DIR [TRAIN_OPTIONS...]}"
shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for seed in ${SEEDS:-42 7 1234}; do
  echo "== seed $seed"
  "$here/vigil" train "$@" --seed "$seed" --out "$work/seed-$seed.vgm" | grep -v '^wrote '
  "$here/scripts/model-row.sh" "$nab" "$work/seed-$seed.vgm"
done
