package dev.flowsmith.bench.sd;

import dev.flowsmith.diffusion.unet.AttentionProcessor;
import dev.flowsmith.diffusion.unet.ExtendedAttention;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * AdaFlow's attention slimming on a UNet (issue #17): one guided-branch forward over 16 and over 64 keyframes with
 * full extended attention and with slimming to a budget, in one run. Prints per keyframe the time and the keys and
 * values each keyframe attends to (and so its attention-score memory): flat with slimming, growing with the keyframes
 * without it. Arguments: a UNet folder (the tiny test model works), the latent side, the budget in keyframes.
 */
public final class KeyframeSlimmingBench {
    public static void main(String[] args) {
        UNet2DConditionModel unet = UNet2DConditionModel.load(Path.of(args[0]));
        int side = Integer.parseInt(args[1]), budget = Integer.parseInt(args[2]);
        int in = unet.config().inChannels(), cross = unet.config().crossAttentionDim(), tokens = 8;
        Random r = new Random(1);
        float[] text = new float[tokens * cross];
        for (int i = 0; i < text.length; i++) {
            text[i] = (float) r.nextGaussian();
        }
        System.out.printf(Locale.ROOT, "UNet %s, %dx%d latent (%d tokens at the first level), budget %d keyframes, %d cores%n",
                args[0], side, side, side * side, budget, Runtime.getRuntime().availableProcessors());
        System.out.println("| keyframes | attention | s per keyframe | K/V tokens per keyframe | score floats per keyframe |");
        System.out.println("|---|---|---|---|---|");
        for (int b : new int[]{16, 64}) {
            float[][] z = new float[b][in * side * side], texts = new float[b][];
            for (float[] zi : z) {
                for (int i = 0; i < zi.length; i++) {
                    zi[i] = (float) r.nextGaussian();
                }
            }
            java.util.Arrays.fill(texts, text);
            for (boolean slim : new boolean[]{false, true}) {
                ExtendedAttention a = new ExtendedAttention(slim ? budget : Integer.MAX_VALUE / 2);
                unet.setAttentionProcessor(a);
                unet.forward(z, side, side, 500, texts, tokens); // warm-up
                long t0 = System.nanoTime();
                unet.forward(z, side, side, 500, texts, tokens);
                double secs = (System.nanoTime() - t0) / 1e9;
                long kv = a.largestKeyValueSet();
                System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %d | %d |%n", b, slim ? "slimmed" : "full extended", secs / b, kv,
                        kv * side * side);
            }
        }
        unet.setAttentionProcessor(AttentionProcessor.DEFAULT);
    }
}
