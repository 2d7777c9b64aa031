#!/usr/bin/env bash
# Kernel benchmarks (issue #3): JMH runs of sgemm, dense / gather attention and KV slimming on the CPU
# backend, OpenBLAS and the OpenCL backend, then the Aparapi-vs-JOCL measurement.
# Usage: bench/kernel-bench.sh [quick] ; -Dflowsmith.device via FLOWSMITH_DEVICE=gpu:0 for a GPU.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v clinfo >/dev/null || ! dpkg -s pocl-opencl-icd ocl-icd-opencl-dev >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pocl-opencl-icd ocl-icd-libopencl1 ocl-icd-opencl-dev clinfo
fi
(cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am install)
CP="$ROOT/bench/target/flowsmith-bench.jar:$ROOT/bench/target/lib/*"
DEV="-Dflowsmith.device=${FLOWSMITH_DEVICE:-opencl:0}"
java --add-modules jdk.incubator.vector -Xmx8g $DEV -cp "$CP" dev.flowsmith.bench.kernels.KernelReport "${1:-}"
java --add-modules jdk.incubator.vector $DEV -cp "$CP" dev.flowsmith.bench.kernels.AparapiVsJocl
java --add-modules jdk.incubator.vector -cp "$CP" dev.flowsmith.bench.kernels.VectorMathBench
java --add-modules jdk.incubator.vector -cp "$CP" dev.flowsmith.bench.kernels.CollaborativeBench
