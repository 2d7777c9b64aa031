package dev.flowsmith.restoration.stabilise;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a {@link StabilisationPlan}: each frame resampled once (bicubic) through its output-to-input similarity, so
 * the correction and the zoom cost one interpolation, not two. Needs no neighbours: the plan, made from the whole clip
 * before the job starts, holds everything, so any segment can be rendered (or re-rendered on resume) on its own.
 */
public final class Stabiliser implements FrameProcessor {
    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    private final StabilisationPlan plan;
    private final boolean blackEdges;

    public Stabiliser(StabilisationPlan plan, StabilisationPlan.Params params) {
        this.plan = plan;
        this.blackEdges = !params.zoom();
    }

    @Override
    public int radius() {
        return 0;
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame in = window.get(0);
        int w = in.width(), h = in.height();
        if (w != plan.width() || h != plan.height()) {
            throw new IllegalStateException("frame " + window.centreIndex() + " is " + w + "x" + h + ", the stabilisation path was made for "
                    + plan.width() + "x" + plan.height());
        }
        warp(in, plan.outputToInput(window.centreIndex()), out, w, h, blackEdges);
    }

    /**
     * {@code out} ({@code width x height}) shows {@code in} through {@code outputToInput}, bicubic, clipped to 0..1; edges
     * outside {@code in} black or repeated. {@code out}'s position is {@code in}'s.
     */
    public static void warp(VideoFrame in, Similarity outputToInput, VideoFrame out, int width, int height, boolean blackEdges) {
        int w = in.width(), h = in.height(), plane = w * h, outPlane = width * height;
        out.resize(width, height);
        out.setPosition(in.index(), in.pts(), in.timeBase());
        double[] m = outputToInput.matrix();
        try (Mat src = new Mat(h, w, opencv_core.CV_32FC1); Mat dst = new Mat(); Mat affine = new Mat(2, 3, opencv_core.CV_64FC1)) {
            DoubleIndexer ai = affine.createIndexer();
            for (int i = 0; i < 6; i++) {
                ai.put(i / 3, i % 3, m[i]);
            }
            ai.close();
            FloatPointer sp = new FloatPointer(src.data());
            for (int c = 0; c < 3; c++) {
                sp.put(in.data(), c * plane, plane);
                opencv_imgproc.warpAffine(src, dst, affine, new Size(width, height), opencv_imgproc.INTER_CUBIC | opencv_imgproc.WARP_INVERSE_MAP,
                        blackEdges ? opencv_core.BORDER_CONSTANT : opencv_core.BORDER_REPLICATE, new Scalar(0.0));
                new FloatPointer(dst.data()).get(out.data(), c * outPlane, outPlane);
            }
        }
        float[] d = out.data();
        for (int i = 0; i < 3 * outPlane; i++) { // bicubic overshoots at edges
            d[i] = Math.max(0f, Math.min(1f, d[i]));
        }
    }

    @Override
    public String describe() {
        return "stabilise(" + plan.fingerprint() + (blackEdges ? ", black edges" : ", zoom") + ")";
    }
}
