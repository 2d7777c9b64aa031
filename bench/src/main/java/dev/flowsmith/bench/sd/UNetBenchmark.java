package dev.flowsmith.bench.sd;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flowsmith.bench.diffusion.DitFlops;
import dev.flowsmith.diffusion.sd.KeyframeTranslation;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;
import dev.flowsmith.diffusion.unet.UNetOnDevice;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Issue #17: one UNet forward in Stable Diffusion 2.1-base's configuration (865.9 M parameters, 64x64x4 latent =
 * 512x512 pixels, 77 text tokens, random weights) in Java against the same model exported from the PyTorch reference
 * to ONNX and run by ONNX Runtime on the CPU in the same process: time, GFLOPS, ratio, both outputs against
 * PyTorch's; and what that makes one keyframe's denoising step at full size (a guided step with PnP runs three
 * forwards: source, unconditional, prompt). Arguments: the folder of export_unet_onnx.py, its GFLOP per forward, and
 * optionally compute devices ({@code cpu,opencl:0}) to run the same forward on as {@link UNetOnDevice} (weights
 * uploaded first, one warm-up forward, then the timed one), each with its ratio to the host Java forward.
 */
public final class UNetBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double gflop = Double.parseDouble(args[1]);
        int threads = Runtime.getRuntime().availableProcessors();
        UNet2DConditionModel unet = UNet2DConditionModel.load(dir.resolve("full-unet"));
        float[] x, text, want;
        float t;
        try (SafetensorsFile g = SafetensorsFile.open(dir.resolve("full-unet-golden.safetensors"))) {
            x = g.tensor("sample").data();
            text = g.tensor("encoder_hidden_states").data();
            t = g.tensor("timestep").data()[0];
            want = g.tensor("output").data();
        }
        int s = unet.config().sampleSize(), tokens = text.length / unet.config().crossAttentionDim();
        float[] got = unet.forward(x, s, s, t, text, tokens); // warm-up (JIT) and correctness
        long t0 = System.nanoTime();
        unet.forward(x, s, s, t, text, tokens);
        double java = (System.nanoTime() - t0) / 1e9;
        StringBuilder devices = new StringBuilder();
        for (String spec : args.length > 2 ? args[2].split(",") : new String[0]) {
            try (ComputeBackend backend = Backends.open(spec); UNetOnDevice dev = new UNetOnDevice(unet, backend)) {
                long u0 = System.nanoTime();
                float[] y = dev.forward(new float[][]{x}, s, s, t, new float[][]{text}, tokens)[0]; // uploads the weights
                long u1 = System.nanoTime();
                dev.forward(new float[][]{x}, s, s, t, new float[][]{text}, tokens);
                double sec = (System.nanoTime() - u1) / 1e9;
                devices.append(String.format(Locale.ROOT, "  %-18s %.2f s  %.1f GFLOPS  -> device / host Java = %.2fx  "
                                + "(first forward with the upload %.1f s; relative error vs PyTorch %.2e) on %s%n", "--device " + spec, sec,
                        gflop / sec, sec / java, (u1 - u0) / 1e9, DitFlops.relErr(y, want), backend.description()));
            }
        }
        unet = null; // the ONNX session holds its own copy of the 3.5 GB of weights

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(threads);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        double ort;
        float[] ortOut;
        try (OrtSession session = env.createSession(dir.resolve("full-unet.onnx").toString(), so);
             OnnxTensor xs = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{1, 4, s, s});
             OnnxTensor ts = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{(long) t}), new long[]{1});
             OnnxTensor cs = OnnxTensor.createTensor(env, FloatBuffer.wrap(text), new long[]{1, tokens, text.length / tokens})) {
            Map<String, OnnxTensor> in = Map.of("sample", xs, "timestep", ts, "encoder_hidden_states", cs);
            try (OrtSession.Result r = session.run(in)) {
                ortOut = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
            }
            long s0 = System.nanoTime();
            try (OrtSession.Result r = session.run(in)) {
                r.get(0);
            }
            ort = (System.nanoTime() - s0) / 1e9;
        }
        KeyframeTranslation.Settings defaults = new KeyframeTranslation.Settings("x", "", 0.6, 50, 7.5, 20);
        int forwards = KeyframeTranslation.forwardsInAll(defaults), steps = KeyframeTranslation.stepsInAll(defaults);
        System.out.printf(Locale.ROOT, "SD 2.1-base UNet forward, batch 1, 64x64x4 latent (512x512), %d tokens, %d threads, %.1f GFLOP:%n",
                tokens, threads, gflop);
        System.out.printf(Locale.ROOT, "  Java (Flowsmith)   %.2f s  %.1f GFLOPS%n", java, gflop / java);
        System.out.printf(Locale.ROOT, "  ONNX Runtime 1.29  %.2f s  %.1f GFLOPS  -> Java / ORT = %.2fx%n", ort, gflop / ort, java / ort);
        System.out.printf(Locale.ROOT, "  relative error vs PyTorch: Java %.2e, ORT %.2e%n", DitFlops.relErr(got, want), DitFlops.relErr(ortOut, want));
        System.out.print(devices);
        System.out.printf(Locale.ROOT, "  default edit (strength 0.6, 50 steps, guidance 7.5, PnP 0.5/0.8): %d forwards per keyframe over %d "
                + "steps -> %.1f s per keyframe per step in Java, %.1f min per keyframe%n", forwards, steps,
                java * forwards / steps, java * forwards / 60);
    }

    private UNetBenchmark() {
    }
}
