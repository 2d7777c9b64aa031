#!/usr/bin/env bash
# Transcode benchmark (issue #2): Flowsmith vs the ffmpeg CLI on a generated 1080p clip, same preset
# and CRF, same run; decode-only float fps; peak RSS for a 10 s and a 60 s clip.
# Usage: bench/transcode-bench.sh [PRESET] [CRF]     (defaults: veryfast 23)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PRESET="${1:-veryfast}"
CRF="${2:-23}"
if ! command -v ffmpeg >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg
fi
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
mkdir -p "$WORK"
make_clip() { # seconds -> 1080p30 testsrc2 with light temporal noise and a 440 Hz AAC track
  local out="$WORK/clip1080p_$1s.mp4"
  [ -f "$out" ] || ffmpeg -v error -nostdin -f lavfi -i "testsrc2=s=1920x1080:r=30:d=$1,noise=alls=6:allf=t" \
      -f lavfi -i "sine=f=440:d=$1" -c:v libx264 -preset fast -crf 18 -g 60 -pix_fmt yuv420p -c:a aac -shortest "$out"
  echo "$out"
}
C10=$(make_clip 10)
C60=$(make_clip 60)
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" dev.flowsmith.bench.TranscodeBenchmark \
  compare "$C10" "$C60" "$PRESET" "$CRF" "$(command -v ffmpeg)"
