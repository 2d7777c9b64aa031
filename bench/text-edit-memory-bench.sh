#!/usr/bin/env bash
# Issue #17: the whole text edit (adaptive keyframes, joint edit with the tiny random-weight Stable Diffusion of the
# goldens at 64 px, propagation to every frame) over 300 and 1,200 frames of joined real clips, each in a child JVM
# with a fixed 1 GB heap: peak memory must be flat in the number of frames. Makes the clips as keyframe-bench.sh does.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
G="$ROOT/diffusion/src/test/resources/golden"
SD="$WORK/tiny-sd"
mkdir -p "$SD/unet" "$SD/text_encoder" "$SD/tokenizer" "$SD/vae"
cp "$G/tiny-unet/"* "$SD/unet/"; cp "$G/tiny-clip/"* "$SD/text_encoder/"; cp "$G/tiny-tokenizer/"* "$SD/tokenizer/"; cp "$G/tiny-vae/"* "$SD/vae/"
if [ ! -f "$WORK/joined_300.mp4" ]; then
  ONLY_MAKE_CLIPS=1 "$ROOT/bench/keyframe-bench.sh"
fi
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" java -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.keyframes.KeyframeMemoryBenchmark compare "$WORK/joined_300.mp4" "$WORK/joined_1200.mp4" "$SD"
