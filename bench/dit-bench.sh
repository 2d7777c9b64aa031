#!/usr/bin/env bash
# Issue #7: DiT forward at DiT-XL/2 shapes in Java vs ONNX Runtime (same model, exported from the PyTorch
# reference), GFLOPS vs OpenBLAS, outputs compared. Needs Debian's python3-torch to make the model (2.7 GB).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${FLOWSMITH_BENCH_DIR:-$ROOT/bench/target/dit-xl}"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch
fi
mkdir -p "$WORK"
if [ ! -f "$WORK/io.safetensors" ]; then
  /usr/bin/python3 "$ROOT/diffusion/reference/export_dit_xl.py" "$WORK" | tee "$WORK/torch.txt"
fi
TORCH="$(sed -n 's/torch_seconds_per_forward \([0-9.]*\).*/\1/p' "$WORK/torch.txt")"
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
java -Xmx12g --add-modules jdk.incubator.vector -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.diffusion.DitBenchmark "$WORK" "$TORCH"
# the window figures: per-frame vs trajectory attention over 16 frames, and the window's memory; with
# FLOWSMITH_DEVICE=opencl:N the same model also runs on that OpenCL device (bench/device/ for the GPU machine)
java -Xmx16g --add-modules jdk.incubator.vector -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.diffusion.DitDeviceBenchmark "$WORK/dit-xl" --frames "${FRAMES:-16}" \
  ${FLOWSMITH_DEVICE:+--device "$FLOWSMITH_DEVICE"}
# the SD VAE's convolutions on the host: scalar Java kernel vs im2col + OpenBLAS
java --add-modules jdk.incubator.vector -cp "$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*" \
  dev.flowsmith.bench.diffusion.VaeConvBenchmark
