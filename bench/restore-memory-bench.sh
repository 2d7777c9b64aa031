#!/usr/bin/env bash
# Peak memory of a restore job over a 10 s and a 60 s clip (issue #5): must not grow with the length.
# Clips: 320x240 30 fps testsrc2 with noise (small, so the 60 s run takes minutes, not hours).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v ffmpeg >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg
fi
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
mkdir -p "$WORK"
for s in 10 60; do
  f="$WORK/small_${s}s.mp4"
  [ -f "$f" ] || ffmpeg -v error -nostdin -f lavfi -i "testsrc2=s=320x240:r=30:d=$s,noise=alls=20:allf=t" \
      -f lavfi -i "sine=f=440:d=$s" -c:v libx264 -preset fast -crf 16 -pix_fmt yuv420p -c:a aac -shortest "$f"
done
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" java -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" dev.flowsmith.bench.RestoreMemoryBenchmark \
  compare "$WORK/small_10s.mp4" "$WORK/small_60s.mp4"
