#!/usr/bin/env bash
# Runs the studio under Xvfb with clips from ../shared/data and writes a screenshot.
#   docs/screenshot.sh                      -> docs/studio.png (README; the window's own snapshot, 1600x1000 screen)
#   docs/screenshot.sh OUT.png 1280x720     -> the whole screen of that size under the Openbox window manager, as a
#                                              user on a small laptop sees it (docs/studio-1280x720.png, -1366x768.png)
# Installs Xvfb, GTK 3, Openbox and ImageMagick (what a real JavaFX window and the capture need) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
OUT="${1:-$ROOT/docs/studio.png}"
SIZE="${2:-}"
NEED="xvfb libgtk-3-0"
[ -n "$SIZE" ] && NEED="$NEED openbox imagemagick"
if ! dpkg -s $NEED >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED
fi
SCREEN="${SIZE:-1600x1000}"
Xvfb :97 -screen 0 "${SCREEN}x24" -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
PIDS="$XVFB"
trap 'kill $PIDS 2>/dev/null' EXIT
sleep 1
if [ -n "$SIZE" ]; then
  DISPLAY=:97 openbox >/dev/null 2>&1 &
  PIDS="$PIDS $!"
  sleep 1
fi
CONFIG="$(mktemp -d)"
printf 'pcm.!default { type null }\n' > "$CONFIG/alsa.conf"
# a small edit on the timeline: three cuts of a talking clip and a flower shot
SPEECH="$DATA/videos/androidx/mp4/sample_with_increasing_timestamps_360p.mp4"
PROJECT="$CONFIG/edit.fsproj"
FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" "$ROOT/flowsmith" project new "$PROJECT" \
  "$SPEECH@0.5-4.5" "$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4@0-3" "$SPEECH@8-12" "$SPEECH@13-16.5" >/dev/null
FILES=("$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4" "$DATA/videos/tokenflow/data/woman-running.mp4"
       "$DATA/videos/androidx/mp4/portrait_4k60.mp4" "$DATA/videos/androidx/vp9/roadtrip-vp92-10bit.webm" "$PROJECT")
if [ -z "$SIZE" ]; then
  DISPLAY=:97 FLOWSMITH_PRISM=sw FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" \
    "$ROOT/flowsmith" studio "${FILES[@]}" --screenshot "$OUT" --screenshot-delay 7000
else
  DISPLAY=:97 FLOWSMITH_PRISM=sw FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" \
    "$ROOT/flowsmith" studio "${FILES[@]}" >/dev/null 2>&1 &
  STUDIO=$!
  PIDS="$PIDS $STUDIO"
  sleep 30
  DISPLAY=:97 import -window root "$OUT"
  kill "$STUDIO" 2>/dev/null || true
fi
echo "wrote $OUT"
