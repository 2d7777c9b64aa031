#!/usr/bin/env bash
# Issue #8 quality table: keyframe edits propagated vs the edit applied to every frame (colour grade and
# OpenCV stylisation) on woman-running and DAVIS bmx-trees; global colour-transfer baseline and temporal
# warping error of the result next to the reference's.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
mkdir -p "$WORK"
BMX="$WORK/bmx-trees.mkv"
[ -f "$BMX" ] || ffmpeg -v error -nostdin -framerate 24 -i "$DATA/davis/bmx-trees/%05d.jpg" -c:v ffv1 "$BMX"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java -Xmx4g --add-modules jdk.incubator.vector -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.editing.keyframes.PropagationEval "$DATA/videos/tokenflow/data/woman-running.mp4" "$BMX"
