#!/usr/bin/env bash
# AdaFlow attention slimming (issue #17): a UNet forward over 16 and 64 keyframes, full extended attention vs
# slimmed to a budget, in one run (default: the tiny test UNet, 16x16 latent, budget 4). docs/performance.md.
# Usage: bench/keyframe-slimming-bench.sh [UNET_DIR] [LATENT_SIDE] [BUDGET]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.sd.KeyframeSlimmingBench "${1:-$ROOT/diffusion/src/test/resources/golden/tiny-unet}" "${2:-16}" "${3:-4}" \
  2>&1 | grep -v "incubator modules"
