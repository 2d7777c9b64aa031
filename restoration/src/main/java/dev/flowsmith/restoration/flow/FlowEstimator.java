package dev.flowsmith.restoration.flow;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.media.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Dense optical flow with OpenCV's DIS (fast, robust; run on a lightly blurred grey image so noise
 * does not drive it), giving {@code flow[h][w][2]} such that {@code a(p) ~ b(p + flow(p))}: the flow
 * that backward-warps {@code b} onto {@code a} with {@link FlowKernels#warpBilinear}. The
 * forward-backward check turns a pair of flows into an occlusion mask and a confidence. One instance
 * per thread; buffers are reused.
 */
public final class FlowEstimator implements AutoCloseable {
    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    public enum Preset { ULTRAFAST, FAST, MEDIUM }

    /** One estimator (DIS instance and its buffers) per thread and preset, reused by every job on it. */
    private static final ThreadLocal<FlowEstimator[]> PER_THREAD = ThreadLocal.withInitial(() -> new FlowEstimator[3]);
    /** Kernel size (0, 0): derived from sigma. One shared native object instead of one per call. */
    private static final Size AUTO_SIZE = new Size(0, 0);
    private final int disPreset;
    /**
     * Made anew for each frame size: OpenCV's DIS picks a smaller patch size and finer scales for a small image and keeps
     * them for every later call, so one estimator that saw a small clip gave other flows on a large one (a propagation
     * after an edit of a small clip differed from the same propagation on a fresh thread: the farm test caught it).
     */
    private DISOpticalFlow dis;
    private int disWidth = -1, disHeight = -1;
    private final double preBlur;
    private Mat grayA, grayB, flow;
    private byte[] bytes = new byte[0];
    private float[] zeros = new float[0];

    /** The calling thread's estimator for a preset (pre-blur sigma 1.2 pixels). */
    public static FlowEstimator forThisThread(Preset preset) {
        FlowEstimator[] cache = PER_THREAD.get();
        if (cache[preset.ordinal()] == null) {
            cache[preset.ordinal()] = new FlowEstimator(preset, 1.2);
        }
        return cache[preset.ordinal()];
    }

    private FlowEstimator(Preset preset, double preBlurSigma) {
        int p = switch (preset) {
            case ULTRAFAST -> DISOpticalFlow.PRESET_ULTRAFAST;
            case FAST -> DISOpticalFlow.PRESET_FAST;
            case MEDIUM -> DISOpticalFlow.PRESET_MEDIUM;
        };
        this.disPreset = p;
        this.preBlur = preBlurSigma;
    }

    /** Flow from {@code a} to {@code b} (both the same size), into {@code out} (length 2*w*h). */
    public void flow(VideoFrame a, VideoFrame b, float[] out) {
        int w = a.width(), h = a.height();
        grayA = gray(a, grayA);
        grayB = gray(b, grayB);
        if (flow == null || flow.cols() != w || flow.rows() != h) {
            flow = new Mat(h, w, opencv_core.CV_32FC2);
        }
        // DIS takes a flow Mat of the right size as its initial guess: zero it, or it starts from the
        // previous pair's flow (or from uninitialised memory, which crashed it natively)
        if (zeros.length != 2 * w * h) {
            zeros = new float[2 * w * h];
        }
        FloatPointer fp = new FloatPointer(flow.data());
        fp.put(zeros, 0, zeros.length);
        if (dis == null || disWidth != w || disHeight != h) {
            if (dis != null) {
                dis.close();
            }
            dis = DISOpticalFlow.create(disPreset);
            disWidth = w;
            disHeight = h;
        }
        dis.calc(grayA, grayB, flow);
        fp.get(out, 0, 2 * w * h);
    }

    /**
     * Occlusion mask (1 = occluded or leaving the frame) and confidence exp(-|fwd + bwd(p + fwd)|) for
     * a pair of flows, with the UnFlow constants 0.01 and 0.5.
     */
    public static void check(float[] fwd, float[] bwd, float[] occ, float[] conf, int w, int h) {
        FlowKernels.forwardBackwardCheck(fwd, bwd, occ, conf, h, w, 0.01f, 0.5f, 0, h);
    }

    /** {@code f}'s luma (BT.601) as 8-bit grey, into {@code reuse} when it has the size: what OpenCV's trackers take. */
    public static byte[] lumaBytes(VideoFrame f, byte[] reuse) {
        int plane = f.width() * f.height();
        byte[] bytes = reuse != null && reuse.length == plane ? reuse : new byte[plane];
        float[] d = f.data();
        for (int i = 0; i < plane; i++) {
            float y = 0.299f * d[i] + 0.587f * d[plane + i] + 0.114f * d[2 * plane + i];
            bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(y * 255)));
        }
        return bytes;
    }

    private Mat gray(VideoFrame f, Mat reuse) {
        int w = f.width(), h = f.height(), plane = w * h;
        bytes = lumaBytes(f, bytes);
        Mat m = reuse != null && reuse.cols() == w && reuse.rows() == h ? reuse : new Mat(h, w, opencv_core.CV_8UC1);
        new BytePointer(m.data()).put(bytes, 0, plane);
        if (preBlur > 0) {
            opencv_imgproc.GaussianBlur(m, m, AUTO_SIZE, preBlur);
        }
        return m;
    }

    /** Nothing to do: the per-thread estimator lives as long as its thread (see {@link #forThisThread}). */
    @Override
    public void close() {
    }
}
