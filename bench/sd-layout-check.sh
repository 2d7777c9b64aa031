#!/usr/bin/env bash
# Stable Diffusion 2.1-base's full UNet (865 M parameters, stored F16) and text encoder (OpenCLIP ViT-H/14, 23
# layers) with random weights, written by the reference scripts (Debian's python3-torch), then one Java forward each
# against PyTorch's: the real checkpoint's layout and sizes are right (issue #17). Needs about 6 GB of disk in a temp
# folder and 12 GB of memory; not part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NEED="python3-torch python3-regex"
if ! dpkg -s $NEED >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED
fi
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 "$ROOT/diffusion/reference/make_unet_golden.py" "$T" --full
/usr/bin/python3 "$ROOT/diffusion/reference/make_clip_golden.py" "$T" --full
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java --add-modules jdk.incubator.vector -Xmx10g -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.sd.SdLayoutCheck "$T" 2>&1 | grep -v "incubator modules"
