#!/usr/bin/env bash
# The device check for issue #7 / #3 on the GPU machine: OpenCL contract tests and the DiT on the GPU.
set -u
D="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-/tmp/out}"; mkdir -p "$OUT"
exec > >(tee "$OUT/device-check.log") 2>&1
date; nvidia-smi -L || true
# the GPU machine lists PoCL's CPU device first: set PoCL aside so opencl:0 is the GPU, and register NVIDIA's ICD
mkdir -p /etc/OpenCL/vendors /tmp/icd-off
if [ -z "${KEEP_POCL:-}" ] && [ -f /etc/OpenCL/vendors/pocl.icd ]; then mv /etc/OpenCL/vendors/pocl.icd /tmp/icd-off/; fi
if command -v nvidia-smi >/dev/null && [ ! -f /etc/OpenCL/vendors/nvidia.icd ]; then echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd; fi
ls /etc/OpenCL/vendors/
export LD_LIBRARY_PATH="$D/lib:${LD_LIBRARY_PATH:-}"
[ -x "$D/jre/bin/java" ] || tar xzf "$D/jre.tgz" -C "$D"
J="$D/jre/bin/java --add-modules jdk.incubator.vector"
CP="$D/jars/*"
TCP="$D/runner:$D/tests/gk:$D/tests/df:$D/tests/*:$CP"
echo "== OpenCL contract tests + DiT on the device vs host"
CI=true timeout 240 $J -Xmx8g -cp "$TCP" ContractRunner dev.flowsmith.kernels.backend.OpenClBackendTest dev.flowsmith.diffusion.DiTOnDeviceTest
echo "== random DiT-XL/2 weights"
M="${DIT_DIR:-/tmp/dit-xl}"
[ -f "$M/diffusion_pytorch_model.safetensors" ] || timeout 120 $J -cp "$CP" dev.flowsmith.bench.diffusion.RandomDit "$M" ${DIT_LAYERS:-28}
echo "== DiT benchmark on the GPU"
timeout ${BENCH_TIMEOUT:-300} $J -Xmx48g -cp "$CP" dev.flowsmith.bench.diffusion.DitDeviceBenchmark "$M" --device "${FLOWSMITH_DEVICE:-opencl:0}" --frames ${FRAMES:-16} --host-window ${HOST_WINDOW:-false}
if [ -d "$D/rife-v4.6" ]; then
  echo "== RIFE v4.6 at 1920x1080: host vs convolutions on the device (issue #16; target 60 frames/s on the GPU)"
  timeout ${RIFE_TIMEOUT:-240} $J -Xmx16g -cp "$CP" dev.flowsmith.bench.interp.RifeSpeedBenchmark "$D/rife-v4.6" 1920x1080 \
    --device "${FLOWSMITH_DEVICE:-opencl:0}" --frames 3
fi
date
