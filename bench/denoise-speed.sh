#!/usr/bin/env bash
# Issues #18 and #20: frames per second of `flowsmith restore --task denoise` against FFmpeg nlmeans and bm3d on the
# same noisy video in the same run: Vid4 calendar (720x576, 41 frames) and DAVIS bmx-trees (432x240, 80 frames), each
# as it is and looped to about 200 frames (a long restore: start-up and warm-up shared out), and each upscaled to
# 1920x1080 (Lanczos; 20 frames). Every command decodes the same FFV1 file and encodes FFV1, wall
# time including start-up (the JVM's and the JIT's for Flowsmith), on all cores of this machine. Peers at the settings
# the quality bench finds best (docs/quality.md: nlmeans s = 0.6 sigma, bm3d sigma = 3 sigma); nlmeans' and bm3d's
# cost does not depend on their strength. Needs ffmpeg and python3; not part of CI.
# Usage: bench/denoise-speed.sh [SIGMA]   (default 25)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
SIGMA="${1:-25}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
NLM_S="$(python3 -c "print(min(30, 0.6 * $SIGMA))")"
BM3D_S="$(python3 -c "print(3 * $SIGMA)")"
"$ROOT/flowsmith" --version >/dev/null 2>&1 || true # builds it first when the sources changed, outside the timings

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); python3 -c "print($t1 - $t0)"; }
frames() { ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$1"; }

echo "| clip | size | frames | Flowsmith fps | FFmpeg nlmeans fps | FFmpeg bm3d fps | Flowsmith / nlmeans | Flowsmith / bm3d |"
echo "|---|---|---|---|---|---|---|---|"
run() { # NAME INPUT-PATTERN RATE FRAMES SCALE [LOOPS]
  local name="$1" pattern="$2" n="$4" scale="$5" noisy="$WORK/noisy.mkv"
  # Gaussian-like temporal noise of about SIGMA (FFmpeg's noise filter: uniform of amplitude alls, std alls/sqrt(3))
  ffmpeg -v error -y -stream_loop "${6:-0}" -framerate "$3" -i "$pattern" -frames:v "$n" \
    -vf "${scale:+$scale,}noise=alls=$(python3 -c "print(round($SIGMA * 3 ** 0.5))"):allf=t" -c:v ffv1 "$noisy"
  local count size ours nlm bm3d
  count="$(frames "$noisy")"
  size="$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$noisy")"
  ours="$(seconds "$ROOT/flowsmith" restore "$noisy" "$WORK/ours.mkv" --task denoise --sigma "$SIGMA" --codec ffv1 -y)"
  [ "$(frames "$WORK/ours.mkv")" = "$count" ] || { echo "Flowsmith wrote a short file" >&2; exit 1; }
  nlm="$(seconds ffmpeg -v error -y -i "$noisy" -vf "nlmeans=s=$NLM_S" -c:v ffv1 "$WORK/nlm.mkv")"
  bm3d="$(seconds ffmpeg -v error -y -i "$noisy" -vf "format=yuv444p,bm3d=sigma=$BM3D_S" -c:v ffv1 "$WORK/bm3d.mkv")"
  python3 -c "
n = $count; o, a, b = n / $ours, n / $nlm, n / $bm3d
print(f'| $name | $size | {n} | {o:.2f} | {a:.2f} | {b:.2f} | {o / a:.2f}x | {o / b:.2f}x |')"
}
run "vid4/calendar" "$DATA/vid4/calendar/Frame %03d.png" 25 41 ""
run "vid4/calendar, looped" "$DATA/vid4/calendar/Frame %03d.png" 25 205 "" 4
run "davis/bmx-trees" "$DATA/davis/bmx-trees/%05d.jpg" 25 80 ""
run "davis/bmx-trees, looped" "$DATA/davis/bmx-trees/%05d.jpg" 25 240 "" 2
run "vid4/calendar 1080p" "$DATA/vid4/calendar/Frame %03d.png" 25 20 "scale=1920:1080:flags=lanczos"
run "davis/bmx-trees 1080p" "$DATA/davis/bmx-trees/%05d.jpg" 25 20 "scale=1920:1080:flags=lanczos"
