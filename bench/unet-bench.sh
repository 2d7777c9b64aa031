#!/usr/bin/env bash
# Issue #17: Stable Diffusion 2.1-base's UNet (random weights, 64x64 latent = 512x512) in Java vs ONNX Runtime 1.29
# on the same weights (exported from the PyTorch reference), GFLOPS, and the time per keyframe per step of an edit;
# with FLOWSMITH_UNET_DEVICES (e.g. "cpu,opencl:0,gpu:0") the same forward on those compute devices (UNetOnDevice).
# Needs Debian's python3-torch, ~12 GB of disk and ~14 GB of memory (~18 GB with a device on the host's memory);
# not part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/sd-unet}"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch
fi
mkdir -p "$WORK"
if [ ! -f "$WORK/full-unet.onnx" ]; then
  /usr/bin/python3 "$ROOT/diffusion/reference/export_unet_onnx.py" "$WORK" | tee "$WORK/torch.txt"
fi
GFLOP="$(sed -n 's/gflop_per_forward \([0-9.]*\).*/\1/p' "$WORK/torch.txt")"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java -Xmx13g --add-modules jdk.incubator.vector -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.sd.UNetBenchmark "$WORK" "$GFLOP" ${FLOWSMITH_UNET_DEVICES:+"$FLOWSMITH_UNET_DEVICES"} 2>&1 | grep -v "incubator modules"
