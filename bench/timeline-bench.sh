#!/usr/bin/env bash
# Issue #6: a 1,000-clip project opens, scrolls and zooms with no FX-thread stall over 100 ms.
# Runs JavaFX headless (Monocle, software rendering), Flowsmith's timeline vs a naive one-node-per-clip
# timeline in the same process, and prints the worst stall of each and the ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java ${BENCH_JAVA_OPTS:-} --add-modules jdk.incubator.vector -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
  -Dheadless.geometry=1920x1200-32 -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.timeline.TimelineBenchmark \
  "$DATA/videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4" \
  "$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4" \
  "$DATA/videos/tokenflow/data/woman-running.mp4"
