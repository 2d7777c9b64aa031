#!/usr/bin/env bash
# The viewer on an HDR10 clip (tone-mapped, colour note) with the waveform scope, under Openbox at 1600x1000:
#   docs/screenshot-viewer.sh [OUT.png] [SCOPE_PRESSES] [CLIP]   (V cycles the scopes: 1 waveform, 2 parade,
#   3 vectorscope, 4 histogram; CLIP, under ../shared/data, is shown first: the HDR10 clip by default)
#   docs/screenshot-viewer.sh docs/studio-scopes.png 2 videos/mdn/live-examples/media/cc0-videos/flower.mp4
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
OUT="${1:-$ROOT/docs/studio-hdr.png}"
PRESSES="${2:-1}"
CLIP="${3:-videos/androidx/mp4/hdr10-av1.mp4}"
NEED="xvfb libgtk-3-0 openbox imagemagick xdotool"
if ! dpkg -s $NEED >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED
fi
Xvfb :96 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
PIDS="$!"
trap 'kill $PIDS 2>/dev/null' EXIT
sleep 1
DISPLAY=:96 openbox >/dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 1
CONFIG="$(mktemp -d)"
DISPLAY=:96 FLOWSMITH_PRISM=sw FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" \
  "$ROOT/flowsmith" studio "$DATA/$CLIP" "$DATA/videos/tokenflow/data/wolf.mp4" \
  >/dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 25
WIN=$(DISPLAY=:96 xdotool search --name Flowsmith | head -1)
DISPLAY=:96 xdotool windowactivate --sync "$WIN" 2>/dev/null || true
DISPLAY=:96 xdotool mousemove 800 300 click 1   # focus the viewer
for _ in $(seq "$PRESSES"); do DISPLAY=:96 xdotool key v; sleep 1; done
sleep 4
DISPLAY=:96 import -window root "$OUT"
echo "wrote $OUT"
