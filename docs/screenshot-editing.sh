#!/usr/bin/env bash
# The studio editing a 3-video-track, 2-audio-track project (picture in picture, a title, fades, a dissolve, gains,
# volume keyframes), under Openbox: docs/screenshot-editing.sh [OUT.png] [WIDTHxHEIGHT]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${FLOWSMITH_DATA:-$ROOT/../shared/data}"
OUT="${1:-$ROOT/docs/studio-editing.png}"
SIZE="${2:-1600x1000}"
NEED="xvfb libgtk-3-0 openbox imagemagick xdotool"
if ! dpkg -s $NEED >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED
fi
WORK="$(mktemp -d)"
P="$WORK/edit.fsproj"
"$ROOT/flowsmith" project new "$P" "$DATA/videos/mdn/live-examples/media/cc0-videos/flower.mp4@0-4" \
  "$DATA/videos/sam2/notebooks/videos/bedroom.mp4@1-5" "$DATA/videos/tokenflow/data/wolf.mp4@0-2" \
  "$DATA/videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4@0-4" >/dev/null
python3 - "$P" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
v1, a1 = p["tracks"][0], p["tracks"][1]
flower, bedroom, wolf, speech = v1["clips"]
sound = {c["media"]: c for c in a1["clips"]}  # which clips have sound depends on the files
fa, sa = sound[flower["media"]], sound[speech["media"]]
ba = sound.get(bedroom["media"])
nid = p["nextId"]
# V1: flower then bedroom dissolving in; V2: the wolf small in the upper right; V3: a title
bedroom["style"] = {"transitionIn": 20}
wolf["start"] = 30; wolf["link"] = 0
wolf["style"] = {"opacity": 0.85, "fadeIn": 15, "transform": {"x": 330, "y": -160, "scale": 0.35}}
title = {"id": nid, "media": None, "sourceIn": 0, "start": 20, "length": 150, "link": 0,
         "style": {"fadeIn": 12, "fadeOut": 12, "title": {"text": "Flowsmith\nedit & restore", "font": "DejaVu Sans",
                   "size": 60, "colour": "#FFFFE9A8", "outlineColour": "#FF202020", "outlineWidth": 4, "x": 0.5, "y": 0.78}}}
v1["clips"] = [flower, bedroom]
fa["style"] = {"gainDb": -6, "fadeIn": 20}
fa["style"]["fadeOut"] = 30
speech_audio = dict(sa); speech_audio["start"] = 40; speech_audio["link"] = 0
speech_audio["style"] = {"gainDb": 3, "volume": [[0, -18], [25, 0], [80, 0], [110, -12]]}
a1["clips"] = [fa]
p["tracks"] = [v1, {"id": nid + 1, "kind": "VIDEO", "name": "V2", "clips": [wolf]},
               {"id": nid + 2, "kind": "VIDEO", "name": "Titles", "clips": [title]}, a1,
               {"id": nid + 3, "kind": "AUDIO", "name": "Voice", "clips": [speech_audio]}]
p["folders"] = ["Footage", "Footage/Day 1", "Sound"]
for m in p["media"]:
    m["folder"] = "Sound" if "sample_with" in m["path"] else "Footage/Day 1"
p["nextId"] = nid + 4
json.dump(p, open(sys.argv[1], "w"), indent=2)
PY
Xvfb :95 -screen 0 "${SIZE}x24" -nolisten tcp >/dev/null 2>&1 &
PIDS="$!"
trap 'kill $PIDS 2>/dev/null' EXIT
sleep 1
DISPLAY=:95 openbox >/dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 1
CONFIG="$(mktemp -d)"
DISPLAY=:95 FLOWSMITH_PRISM=sw FLOWSMITH_JAVA_OPTS="-Dflowsmith.config=$CONFIG" "$ROOT/flowsmith" studio "$P" >/dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 25
WIN=$(DISPLAY=:95 xdotool search --name Flowsmith | head -1)
DISPLAY=:95 xdotool windowactivate --sync "$WIN" 2>/dev/null || true
sleep 2
# the playhead into the dissolve under the picture in picture and the title (the ruler), then select the title
# (positions as laid out at 1600x1000)
W=${SIZE%x*}; H=${SIZE#*x}
DISPLAY=:95 xdotool mousemove $(( W * 30 / 100 )) $(( H * 634 / 1000 )) click 1
sleep 4
DISPLAY=:95 xdotool mousemove $(( W * 50 / 100 )) $(( H * 680 / 1000 )) click 1
sleep 6
DISPLAY=:95 import -window root "$OUT"
echo "wrote $OUT"
