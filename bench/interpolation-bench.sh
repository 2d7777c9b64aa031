#!/usr/bin/env bash
# Frame interpolation quality and speed (issue #16): Flowsmith's RIFE v4.6 vs the reference rife-ncnn-vulkan
# (Mesa llvmpipe, same CPU), FFmpeg minterpolate and frame repetition, on Vid4 calendar/city and DAVIS bmx-trees
# with every other frame dropped (the Markdown table of docs/quality.md); then Real-ESRGAN x4 speed against its
# reference binary.
# Usage: bench/interpolation-bench.sh [PAIRS]   (default 10 interpolated frames per clip)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
NEED="ffmpeg mesa-vulkan-drivers libvulkan1"
if ! dpkg -s $NEED >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED
fi
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.interp.InterpolationBenchmark "$DATA" "${1:-10}" "$(command -v ffmpeg)" 2>&1 | grep -v "incubator modules"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.interp.LearnedSrBenchmark "$DATA" 8 2>&1 | grep -v "incubator modules"
