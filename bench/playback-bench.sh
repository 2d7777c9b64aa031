#!/usr/bin/env bash
# Viewer playback (issue #14): dropped frames per minute at 30 fps for 960x540, 1280x720 and 1920x1080,
# Flowsmith's decode-ahead queue against on-demand decoding in the same process, plus side by side;
# then real clips from ../shared/data (flower 960x540, a 1080p phone clip, the HDR10 clip with tone mapping).
# Clips: 12 s testsrc2 + light moving noise, x264 CRF 23 (about 5-15 Mbit/s), 30 fps, made with the FFmpeg build Flowsmith bundles.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
mkdir -p "$WORK"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
FF=$(ls -d ~/.javacpp/cache/ffmpeg-*-linux-x86_64-gpl.jar/org/bytedeco/ffmpeg/linux-x86_64-gpl 2>/dev/null | head -1 || true)
if [ -n "$FF" ]; then export LD_LIBRARY_PATH="$FF${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; FFMPEG="$FF/ffmpeg"; else FFMPEG=ffmpeg; fi
files=()
for s in 960x540 1280x720 1920x1080; do
  f="$WORK/play_$s.mp4"
  [ -f "$f" ] || "$FFMPEG" -v error -nostdin -f lavfi -i "testsrc2=s=$s:r=30:d=12,noise=alls=4:allf=t" \
      -c:v libx264 -preset fast -crf 23 -pix_fmt yuv420p "$f"
  files+=("$f")
done
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
for real in videos/mdn/live-examples/media/cc0-videos/flower.mp4 videos/androidx/mp4/sowt-with-video.mov videos/androidx/mp4/hdr10-av1.mp4; do
  [ -f "$DATA/$real" ] && files+=("$DATA/$real")
done
echo "cores: $(nproc)"
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" java --add-modules jdk.incubator.vector \
  -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" dev.flowsmith.bench.playback.PlaybackBenchmark "${files[@]}" 2>&1 \
  | grep -v "incubator modules"
