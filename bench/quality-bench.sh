#!/usr/bin/env bash
# Denoising quality harness (issue #5): Flowsmith vs FFmpeg nlmeans/hqdn3d/atadenoise/bm3d and OpenCV NLM-multi
# (then SR/deblur, deflicker, deinterlace, stabilise and deblock vs their FFmpeg peers, issue #18)
# on frames from ../shared/data with synthetic Gaussian noise. Prints the Markdown table of docs/quality.md.
# Usage: bench/quality-bench.sh [FRAMES]   (default 10 frames per clip)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
if ! command -v ffmpeg >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg
fi
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.QualityHarness "$DATA" "${1:-10}" "$(command -v ffmpeg)"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.SrDeblurHarness "$DATA" "${1:-10}" "$(command -v ffmpeg)"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.DeflickerHarness "$DATA" "${DEFLICKER_FRAMES:-40}" "$(command -v ffmpeg)"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.DeinterlaceHarness "$DATA" "${DEINTERLACE_FRAMES:-20}" "$(command -v ffmpeg)"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.StabiliseHarness "$DATA" "$(command -v ffmpeg)"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.DeblockHarness "$DATA" "${DEBLOCK_FRAMES:-10}" "$(command -v ffmpeg)"
java --add-modules jdk.incubator.vector -Xmx8g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.quality.TelecineHarness "$DATA" "$(command -v ffmpeg)"
