#!/usr/bin/env bash
# A/V sync of the studio's viewer (issue #15): a 12 s clip with a white frame and a 1 kHz beep at the same instant every
# second, played by the viewer; flash times taken in the process, beep times from a loopback recording of the sound
# output (a PulseAudio null sink's monitor), after checking the method on beeps written straight to a sound line and
# on a known-good player (ffplay on an Xvfb screen, its flashes polled from the screen).
# Needs PulseAudio, Xvfb and ffplay (installed here if missing: pulseaudio pulseaudio-utils libasound2-plugins xvfb
# ffmpeg); runs the JavaFX viewer headless (Monocle). Prints every offset, the mean and the largest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/media}"
mkdir -p "$WORK"
NEED="pulseaudio pulseaudio-utils libasound2-plugins xvfb ffmpeg"
if ! dpkg -s $NEED >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED
fi
# a null sink as the default output, Java Sound (ALSA) routed to PulseAudio
if ! pactl info >/dev/null 2>&1; then
  pulseaudio -D --exit-idle-time=-1 -n --load="module-null-sink sink_name=out rate=48000" \
    --load="module-native-protocol-unix" 2>/dev/null
  sleep 1
fi
pactl list short sinks | grep -q "^[0-9]*\s*out\s" || pactl load-module module-null-sink sink_name=out rate=48000 >/dev/null
pactl set-default-sink out
if ! grep -qs "type pulse" /etc/asound.conf ~/.asoundrc; then
  printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' > ~/.asoundrc
fi
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
FF=$(ls -d ~/.javacpp/cache/ffmpeg-*-linux-x86_64-gpl.jar/org/bytedeco/ffmpeg/linux-x86_64-gpl 2>/dev/null | head -1 || true)
if [ -n "$FF" ]; then export LD_LIBRARY_PATH="$FF${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; FFMPEG="$FF/ffmpeg"; else FFMPEG=ffmpeg; fi
CLIP="$WORK/flash-beep.mkv"
[ -f "$CLIP" ] || "$FFMPEG" -v error -nostdin -f lavfi -i "color=c=black:s=640x360:r=30:d=12" \
    -f lavfi -i "aevalsrc='if(lt(mod(t\,1)\,0.05)\,0.5*sin(2*PI*1000*t)\,0)':s=48000:d=12" \
    -vf "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(mod(n\,30)\,0)'" -ac 2 \
    -c:v libx264 -preset fast -crf 18 -pix_fmt yuv420p -g 30 -c:a pcm_s16le "$CLIP"
JAVA_CP="$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*"
Xvfb :93 -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
sleep 1
DISPLAY=:93 java --add-modules jdk.incubator.vector -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
  -cp "$JAVA_CP" dev.flowsmith.bench.playback.AvSyncBenchmark "$CLIP" out.monitor 2>&1 \
  | grep -v "incubator modules"
