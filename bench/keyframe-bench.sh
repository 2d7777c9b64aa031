#!/usr/bin/env bash
# Issue #8: keyframe selection + propagation of stylised keyframes over 300 and 1,200 frames of real
# clips joined together (hard cuts included): peak memory (flat, under 2 GB) and time per frame.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
if ! command -v ffmpeg >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg
fi
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
mkdir -p "$WORK"
LONG="$WORK/joined_1200.mp4"
if [ ! -f "$LONG" ]; then
  CLIPS=("$DATA/videos/tokenflow/data/woman-running.mp4" "$DATA/videos/tokenflow/data/wolf.mp4"
         "$DATA/davis/running_car.mp4" "$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4")
  ARGS=(); FILTER=""; n=0
  for rep in 1 2 3; do for c in "${CLIPS[@]}"; do
    ARGS+=(-i "$c"); FILTER+="[$n:v]scale=512:288:force_original_aspect_ratio=decrease,pad=512:288:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24[v$n];"; n=$((n+1))
  done; done
  for i in $(seq 0 $((n-1))); do FILTER+="[v$i]"; done
  FILTER+="concat=n=$n:v=1:a=0[out]"
  ffmpeg -v error -nostdin "${ARGS[@]}" -filter_complex "$FILTER" -map "[out]" -frames:v 1200 -c:v libx264 -crf 16 -preset fast -pix_fmt yuv420p "$LONG"
fi
SHORT="$WORK/joined_300.mp4"
[ -f "$SHORT" ] || ffmpeg -v error -nostdin -i "$LONG" -frames:v 300 -c:v libx264 -crf 16 -preset fast "$SHORT"
[ -z "${ONLY_MAKE_CLIPS:-}" ] || exit 0
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" java -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.keyframes.KeyframeMemoryBenchmark compare "$SHORT" "$LONG"
