#!/usr/bin/env bash
# Runs the studio under Xvfb with clips from ../shared/data and writes docs/studio.png (shown in the README).
# Installs Xvfb and GTK 3 (what a real JavaFX window needs) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
OUT="${1:-$ROOT/docs/studio.png}"
if ! command -v Xvfb >/dev/null || ! dpkg -s libgtk-3-0 >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb libgtk-3-0
fi
Xvfb :97 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB' EXIT
sleep 1
CONFIG="$(mktemp -d)"
printf 'pcm.!default { type null }\n' > "$CONFIG/alsa.conf"
# a small edit on the timeline: three cuts of a talking clip and a flower shot
SPEECH="$DATA/videos/androidx/mp4/sample_with_increasing_timestamps_360p.mp4"
PROJECT="$CONFIG/edit.fsproj"
FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" "$ROOT/flowsmith" project new "$PROJECT" \
  "$SPEECH@0.5-4.5" "$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4@0-3" "$SPEECH@8-12" "$SPEECH@13-16.5" >/dev/null
DISPLAY=:97 FLOWSMITH_PRISM=sw FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" \
  "$ROOT/flowsmith" studio \
  "$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4" \
  "$DATA/videos/tokenflow/data/woman-running.mp4" \
  "$DATA/videos/androidx/mp4/portrait_4k60.mp4" \
  "$DATA/videos/androidx/vp9/roadtrip-vp92-10bit.webm" "$PROJECT" \
  --screenshot "$OUT" --screenshot-delay 7000
echo "wrote $OUT"
