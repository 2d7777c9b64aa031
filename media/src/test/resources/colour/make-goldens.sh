#!/bin/bash
# Makes the committed colour references with the FFmpeg build Flowsmith bundles (zscale = zimg,
# tonemap = FFmpeg's filter): run from anywhere, with the shared data at ../shared/data of the repo.
#   (hlg.mkv, not kept)    one HLG frame (BT.2020, 10-bit lossless HEVC) made from the HDR10 clip, since
#                          shared/data has no HLG video; DisplayColourTest makes the same file with the same
#                          command, and lossless coding makes its decoded frame exact
#   hdr10-hable-100.png    frame 60 of hdr10-av1.mp4 at 90x160: PQ -> linear (npl 100) -> BT.709
#                          primaries -> tonemap=hable (peak 1000 cd/m2, no desaturation) -> BT.709
#   hlg-hable-100.png      the same chain for the HLG frame
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../../.." && pwd)
data=${FLOWSMITH_DATA:-$repo/../shared/data}
ff=$(ls -d ~/.javacpp/cache/ffmpeg-*-linux-x86_64-gpl.jar/org/bytedeco/ffmpeg/linux-x86_64-gpl | head -1)
export LD_LIBRARY_PATH=$ff
src=$data/videos/androidx/mp4/hdr10-av1.mp4
tone="zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0:peak=10,zscale=t=bt709,format=rgb24"
"$ff/ffmpeg" -v error -y -i "$src" -vf "trim=start_frame=60:end_frame=61,setpts=PTS-STARTPTS,zscale=w=90:h=160:f=bilinear,$tone" -frames:v 1 "$here/hdr10-hable-100.png"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$ff/ffmpeg" -v error -y -i "$src" -vf "trim=start_frame=60:end_frame=61,setpts=PTS-STARTPTS,zscale=w=90:h=160:f=bilinear:tin=smpte2084:npl=1000:t=arib-std-b67:m=bt2020nc:p=bt2020,format=yuv420p10le" \
    -frames:v 1 -c:v libx265 -x265-params lossless=1:log-level=error -color_primaries bt2020 -color_trc arib-std-b67 \
    -colorspace bt2020nc -color_range tv "$tmp/hlg.mkv"
"$ff/ffmpeg" -v error -y -i "$tmp/hlg.mkv" -vf "$tone" -frames:v 1 "$here/hlg-hable-100.png"
ls -l "$here"
