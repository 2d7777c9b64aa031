#!/usr/bin/env bash
# Issue #20: where `flowsmith restore --task denoise` spends its time, per stage, on Vid4 calendar (720x576, 41 frames,
# FFmpeg temporal noise of strength 25), from a JFR recording of the job (settings=profile). Stages are told apart by
# the main thread's stack: OpenCV's own worker threads are not Java threads and are not sampled, but the main thread
# waits in the native call they serve, so its samples are the stage's wall time. Native samples (every 20 ms) count
# twice Java samples (every 10 ms). Needs ffmpeg and python3; not part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ffmpeg -loglevel error -y -framerate 25 -i "$DATA/vid4/calendar/Frame %03d.png" -vf "noise=alls=25:allf=t" -c:v ffv1 "$WORK/noisy.mkv"
# the row-parallel stages on one thread, then on all cores: frames per second and the frames themselves compared
fps() { sed -n 's/.*(\([0-9.]*\) fps).*/\1/p'; }
ONE="$(JAVA_TOOL_OPTIONS="-Dflowsmith.denoise.threads=1" "$ROOT/flowsmith" restore "$WORK/noisy.mkv" "$WORK/one.mkv" --task denoise \
  --sigma 25 --codec ffv1 -y 2>&1 | grep -v "Picked up" | fps)"
ALL="$("$ROOT/flowsmith" restore "$WORK/noisy.mkv" "$WORK/all.mkv" --task denoise --sigma 25 --codec ffv1 -y 2>&1 | fps)"
SAME="$(cmp -s <(ffmpeg -loglevel error -i "$WORK/one.mkv" -f framemd5 -) <(ffmpeg -loglevel error -i "$WORK/all.mkv" -f framemd5 -) && echo identical || echo DIFFERENT)"
echo "row-parallel stages: 1 thread $ONE fps, all cores ($(nproc)) $ALL fps -> $(python3 -c "print(f'{$ALL / $ONE:.2f}x')"); frames $SAME"
JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$WORK/denoise.jfr,settings=profile" \
  "$ROOT/flowsmith" restore "$WORK/noisy.mkv" "$WORK/denoised.mkv" --task denoise --sigma 25 --codec ffv1 -y 2>&1 | grep -v "JFR\|Flight" | tail -1
jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 12 "$WORK/denoise.jfr" > "$WORK/samples.txt"
python3 - "$WORK/samples.txt" <<'PY'
import collections, re, sys
events = re.split(r'\njdk\.', '\n' + open(sys.argv[1]).read())[1:]
stages = [('collaborative filters (BM3D basic + Wiener)', 'Collaborative'), ('flow (OpenCV DIS, 2 per neighbour)', 'FlowEstimator.flow'),
          ('forward-backward check', 'FlowEstimator.check|forwardBackwardCheck'), ('warp (bilinear)', 'warpBilinear'),
          ('patch distances (5x5 Gaussian)', 'convolveRows|convolveColumns'), ('weights and accumulation', 'TemporalDenoiser.process'),
          ('decode and conversion', 'VideoReader|StreamDecoder|DecodeAhead|PlanarFloatConverter|FrameSequence'),
          ('encode', 'VideoWriter|MediaOutput|Encoder'), ('noise estimate', 'NoiseEstimator')]
count, total = collections.Counter(), 0
for e in events:
    if not e.startswith(('ExecutionSample', 'NativeMethodSample')):
        continue
    weight = 1 if e.startswith('ExecutionSample') else 2
    frames = re.findall(r'\n\s+([\w.$<>]+\.[\w$<>]+)\(', e)
    stage = next((name for name, pat in stages if any(re.search(pat, f) for f in frames)), 'other (start-up, job bookkeeping)')
    count[stage] += weight
    total += weight
print('| stage | share of the job |')
print('|---|---|')
for stage, n in count.most_common():
    print(f'| {stage} | {100 * n / total:.1f} % |')
PY
