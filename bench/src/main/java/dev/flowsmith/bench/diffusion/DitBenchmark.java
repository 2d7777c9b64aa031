package dev.flowsmith.bench.diffusion;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.dit.DitConfig;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Issue #7: one DiT forward at DiT-XL/2 shapes (28 blocks, width 1152, 16 heads, 32x32x4 latent,
 * batch 1, random weights) in Java vs the same model exported from the PyTorch reference to ONNX and
 * run by ONNX Runtime on the CPU, in the same process; GFLOPS against OpenBLAS sgemm measured here;
 * and the two outputs compared. Usage (bench/dit-bench.sh): {@code DitBenchmark DIR TORCH_SECONDS}.
 */
public final class DitBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        DiTModel model = DiTModel.load(dir.resolve("dit-xl"));
        System.out.printf(Locale.ROOT, "loaded DiT-XL/2 weights in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        DitConfig c = model.config();
        float[] x, t, want;
        int label;
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            x = io.tensor("sample").data();
            t = io.tensor("timestep").data();
            label = Math.round(io.tensor("class_labels").data()[0]);
            want = io.tensor("output").data();
        }
        float[] got = model.forward(x, 1, t, new int[]{label}); // warm-up (JIT) and correctness
        double java = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            model.forward(x, 1, t, new int[]{label});
            java = Math.min(java, (System.nanoTime() - s) / 1e9);
        }

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(threads);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        double ort = Double.MAX_VALUE;
        float[] ortOut;
        try (OrtSession session = env.createSession(dir.resolve("dit-xl.onnx").toString(), so);
             OnnxTensor xs = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{1, c.inChannels(), c.sampleSize(), c.sampleSize()});
             OnnxTensor ts = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{(long) t[0]}), new long[]{1});
             OnnxTensor ls = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{label}), new long[]{1})) {
            Map<String, OnnxTensor> in = Map.of("sample", xs, "timestep", ts, "class_labels", ls);
            try (OrtSession.Result r = session.run(in)) {
                ortOut = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
            }
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                try (OrtSession.Result r = session.run(in)) {
                    r.get(0);
                }
                ort = Math.min(ort, (System.nanoTime() - s) / 1e9);
            }
        }

        double flops = DitFlops.flops(c);
        double blas = DitFlops.blasGflops(c);
        System.out.printf(Locale.ROOT, "DiT-XL/2 forward, batch 1, 32x32x4 latent, %d threads:%n", threads);
        System.out.printf(Locale.ROOT, "  Java (Flowsmith)      %.3f s  %.1f GFLOPS = %.0f %% of OpenBLAS sgemm (%.1f GFLOPS)%n",
                java, flops / java / 1e9, 100 * flops / java / 1e9 / blas, blas);
        System.out.printf(Locale.ROOT, "  ONNX Runtime 1.29     %.3f s  -> Java / ORT = %.2fx (target <= 1.0x)%n", ort, java / ort);
        System.out.printf(Locale.ROOT, "  PyTorch (Debian 1.13, generic BLAS, for information)  %s s%n", args.length > 1 ? args[1] : "?");
        System.out.printf(Locale.ROOT, "  max |Java - PyTorch| / max |PyTorch| = %.2e; max |ORT - PyTorch| / max = %.2e%n",
                DitFlops.relErr(got, want), DitFlops.relErr(ortOut, want));
        System.out.printf(Locale.ROOT, "  %.1f GFLOP per forward; peak Java heap used %d MB%n", flops / 1e9,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    private DitBenchmark() {
    }
}
