package dev.flowsmith.restoration.sr;

import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.UnsupportedMediaException;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn_superres.DnnSuperResImpl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Super-resolution by 2, 3 or 4: bicubic (our kernel), Lanczos (OpenCV), or a small network from the
 * user's model folder: a TensorFlow {@code .pb} graph that OpenCV's dnn_superres reads (FSRCNN, ESPCN,
 * LapSRN; name and scale from the file name, e.g. {@code FSRCNN_x4.pb}), or a TF.js layers model
 * ({@code model.json}, e.g. UpscalerJS ESRGAN-slim) run by {@link TfjsLayersModel} in overlapping tiles.
 */
public final class SuperResolver implements FrameProcessor {
    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    public enum Method { BICUBIC, LANCZOS, MODEL }

    /**
     * @param temporal weight (0..1) of the previous frame's upscaled picture, warped along optical flow
     *                 and gated by flow confidence, blended into the current one to steady flicker;
     *                 0 turns it off (single-frame SR)
     */
    public record Params(Method method, int scale, Path model, double temporal) {
        public Params(Method method, int scale, Path model) {
            this(method, scale, model, 0);
        }

        public Params {
            if (temporal < 0 || temporal > 1) {
                throw new IllegalArgumentException("temporal blending weight must be 0..1");
            }
            if (scale < 2 || scale > 4) {
                throw new IllegalArgumentException("scale must be 2, 3 or 4, not " + scale);
            }
            if (method == Method.MODEL && model == null) {
                throw new IllegalArgumentException("--method model needs --model FILE.pb");
            }
        }
    }

    /** LR tile size and the context kept around each tile (more than the network's receptive radius). */
    static final int TILE = 128, MARGIN = 16;
    private TfjsLayersModel tfjs;
    private NcnnFrameUpscaler ncnn;
    private dev.flowsmith.restoration.ncnn.Compute compute;
    private dev.flowsmith.kernels.backend.ComputeBackend backend;
    private static final Pattern MODEL_NAME = Pattern.compile("(?i)(fsrcnn|espcn|lapsrn|edsr)(?:-small)?_x(\\d)\\.pb");
    private final Params p;
    private DnnSuperResImpl net;
    private Mat src, dst;
    private byte[] bytes = new byte[0];

    public SuperResolver(Params p) {
        this.p = p;
        if (p.method() == Method.MODEL && p.model().getFileName().toString().endsWith(".param")) {
            ncnn = NcnnFrameUpscaler.forParam(p.model(), p.scale());
            compute = new dev.flowsmith.restoration.ncnn.Compute(Runtime.getRuntime().availableProcessors());
        } else if (p.method() == Method.MODEL && p.model().getFileName().toString().endsWith(".json")) {
            backend = new dev.flowsmith.kernels.backend.CpuBackend();
            tfjs = TfjsLayersModel.load(p.model(), backend);
            if (tfjs.scale() != p.scale()) {
                close();
                throw new IllegalArgumentException("the model upscales by " + tfjs.scale() + ", not " + p.scale());
            }
        } else if (p.method() == Method.MODEL) {
            Matcher m = MODEL_NAME.matcher(p.model().getFileName().toString());
            if (!Files.isRegularFile(p.model()) || !m.matches()) {
                throw new UnsupportedMediaException("'" + p.model().getFileName() + "' is not a model Flowsmith knows: "
                        + "expected FSRCNN_x4.pb, ESPCN_x3.pb, LapSRN_x2.pb and the like.", p.model().toString());
            }
            int modelScale = Integer.parseInt(m.group(2));
            if (modelScale != p.scale()) {
                throw new IllegalArgumentException("the model upscales by " + modelScale + ", not " + p.scale());
            }
            net = new DnnSuperResImpl();
            try {
                net.readModel(p.model().toString());
            } catch (RuntimeException e) {
                throw new UnsupportedMediaException("The model '" + p.model().getFileName() + "' could not be loaded.",
                        e.getMessage(), e);
            }
            net.setModel(m.group(1).toLowerCase(Locale.ROOT), modelScale);
        }
    }

    @Override
    public int radius() {
        return p.temporal() > 0 ? 1 : 0;
    }

    @Override
    public int outputWidth(int w) {
        return w * p.scale();
    }

    @Override
    public int outputHeight(int h) {
        return h * p.scale();
    }

    @Override
    public String describe() {
        return "sr(" + p.method() + ", x" + p.scale() + (p.model() != null ? ", " + p.model().getFileName() : "")
                + (p.temporal() > 0 ? ", temporal=" + p.temporal() : "") + ")";
    }

    // temporal blending state: the previous frame's single-frame result, recomputed when not at hand
    // (after a seek or resume), so the output depends only on the window and a resumed job matches
    private final VideoFrame current = new VideoFrame();
    private final VideoFrame previous = new VideoFrame();
    private long previousIndex = Long.MIN_VALUE;
    private float[] fwd = new float[0], bwd = new float[0], occ = new float[0], conf = new float[0];
    private float[] hrFlow = new float[0], warped = new float[0];
    private byte[] outBytes = new byte[0];

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        if (p.temporal() <= 0) {
            upscale(window.get(0), out);
            return;
        }
        long t = window.centreIndex();
        upscale(window.get(0), current);
        out.resize(current.width(), current.height());
        System.arraycopy(current.data(), 0, out.data(), 0, current.data().length);
        if (window.exists(-1)) {
            if (previousIndex != t - 1) {
                upscale(window.get(-1), previous);
            }
            blendPrevious(window.get(0), window.get(-1), out);
        }
        previous.resize(current.width(), current.height());
        System.arraycopy(current.data(), 0, previous.data(), 0, current.data().length);
        previousIndex = t;
    }

    /** out += temporal * confidence * (warp(previous, flow) - out), flow from the low-resolution pair. */
    private void blendPrevious(VideoFrame lrCur, VideoFrame lrPrev, VideoFrame out) {
        int w = lrCur.width(), h = lrCur.height(), plane = w * h, s = p.scale(), ow = out.width(), oh = out.height();
        if (fwd.length != 2 * plane) {
            fwd = new float[2 * plane];
            bwd = new float[2 * plane];
            occ = new float[plane];
            conf = new float[plane];
        }
        if (hrFlow.length != 2 * ow * oh) {
            hrFlow = new float[2 * ow * oh];
            warped = new float[3 * ow * oh];
        }
        dev.flowsmith.restoration.flow.FlowEstimator fe = dev.flowsmith.restoration.flow.FlowEstimator.forThisThread(
                dev.flowsmith.restoration.flow.FlowEstimator.Preset.FAST);
        fe.flow(lrCur, lrPrev, fwd);
        fe.flow(lrPrev, lrCur, bwd);
        dev.flowsmith.restoration.flow.FlowEstimator.check(fwd, bwd, occ, conf, w, h);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int i = (y / s) * w + x / s;
                hrFlow[2 * (y * ow + x)] = fwd[2 * i] * s;
                hrFlow[2 * (y * ow + x) + 1] = fwd[2 * i + 1] * s;
            }
        }
        dev.flowsmith.kernels.FlowKernels.warpBilinear(previous.data(), hrFlow, warped, oh, ow,
                dev.flowsmith.kernels.FlowKernels.BORDER_CLAMP, 0, 3 * oh);
        float[] o = out.data();
        int hp = ow * oh;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int i = (y / s) * w + x / s, j = y * ow + x;
                float a = occ[i] > 0 ? 0f : (float) (p.temporal() * conf[i]);
                for (int c = 0; c < 3; c++) {
                    o[c * hp + j] += a * (warped[c * hp + j] - o[c * hp + j]);
                }
            }
        }
    }

    private void upscale(VideoFrame in, VideoFrame out) {
        int w = in.width(), h = in.height(), ow = w * p.scale(), oh = h * p.scale();
        out.resize(ow, oh);
        switch (p.method()) {
            case BICUBIC -> {
                float[] tmp = new float[3 * h * ow];
                ResampleKernels.bicubicRows(in.data(), tmp, w, ow, 0, 3 * h);
                ResampleKernels.bicubicColumns(tmp, out.data(), h, ow, oh, 0, 3 * oh);
                clip(out.data());
            }
            case LANCZOS -> lanczos(in, out);
            case MODEL -> {
                if (ncnn != null) {
                    VideoFrame r = ncnn.upscale(in, compute);
                    System.arraycopy(r.data(), 0, out.data(), 0, r.data().length);
                } else if (tfjs != null) {
                    tiled(in, out);
                } else {
                    model(in, out);
                }
            }
        }
    }

    private void lanczos(VideoFrame in, VideoFrame out) {
        int w = in.width(), h = in.height();
        try (Mat a = new Mat(h, w, opencv_core.CV_32FC1); Mat b = new Mat()) {
            FloatPointer fp = new FloatPointer(a.data());
            for (int c = 0; c < 3; c++) {
                fp.put(in.data(), c * w * h, w * h);
                opencv_imgproc.resize(a, b, new Size(out.width(), out.height()), 0, 0, opencv_imgproc.INTER_LANCZOS4);
                new FloatPointer(b.data()).get(out.data(), c * out.width() * out.height(), out.width() * out.height());
            }
        }
        clip(out.data());
    }

    private void model(VideoFrame in, VideoFrame out) {
        int w = in.width(), h = in.height(), plane = w * h;
        if (bytes.length < 3 * plane) {
            bytes = new byte[3 * plane];
        }
        float[] d = in.data();
        for (int i = 0; i < plane; i++) { // OpenCV wants BGR
            bytes[3 * i] = (byte) Math.round(Math.max(0, Math.min(1, d[2 * plane + i])) * 255);
            bytes[3 * i + 1] = (byte) Math.round(Math.max(0, Math.min(1, d[plane + i])) * 255);
            bytes[3 * i + 2] = (byte) Math.round(Math.max(0, Math.min(1, d[i])) * 255);
        }
        if (src == null || src.cols() != w || src.rows() != h) {
            src = new Mat(h, w, opencv_core.CV_8UC3);
            dst = new Mat();
        }
        new BytePointer(src.data()).put(bytes, 0, 3 * plane);
        net.upsample(src, dst);
        int ow = out.width(), oh = out.height(), op = ow * oh;
        if (outBytes.length != 3 * op) {
            outBytes = new byte[3 * op];
        }
        byte[] ob = outBytes;
        new BytePointer(dst.data()).get(ob, 0, 3 * op);
        float[] o = out.data();
        for (int i = 0; i < op; i++) {
            o[2 * op + i] = (ob[3 * i] & 0xff) / 255f;
            o[op + i] = (ob[3 * i + 1] & 0xff) / 255f;
            o[i] = (ob[3 * i + 2] & 0xff) / 255f;
        }
    }

    /**
     * Runs the TF.js network tile by tile: each tile is cut with up to {@link #MARGIN} pixels of real
     * context (none beyond the frame, where the network pads with zeros as on a whole frame), so the
     * stitched result equals a whole-frame run while memory stays bounded.
     */
    private void tiled(VideoFrame in, VideoFrame out) {
        float range = tfjs.valueRange();
        int w = in.width(), h = in.height(), s = p.scale(), ow = out.width(), oh = out.height();
        for (int ty = 0; ty < h; ty += TILE) {
            for (int tx = 0; tx < w; tx += TILE) {
                int x0 = Math.max(0, tx - MARGIN), y0 = Math.max(0, ty - MARGIN);
                int x1 = Math.min(w, tx + TILE + MARGIN), y1 = Math.min(h, ty + TILE + MARGIN);
                int cw = x1 - x0, ch = y1 - y0;
                float[] tile = new float[3 * cw * ch];
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < ch; y++) {
                        for (int x = 0; x < cw; x++) {
                            tile[(c * ch + y) * cw + x] = in.data()[(c * h + y0 + y) * w + x0 + x] * range; // the model's range
                        }
                    }
                }
                int[] os = new int[3];
                float[] r = tfjs.run(tile, ch, cw, os);
                int rw = os[2];
                int keepW = Math.min(TILE, w - tx) * s, keepH = Math.min(TILE, h - ty) * s;
                int offX = (tx - x0) * s, offY = (ty - y0) * s;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < keepH; y++) {
                        for (int x = 0; x < keepW; x++) {
                            float v = r[(c * os[1] + offY + y) * rw + offX + x] / range;
                            out.data()[(c * oh + ty * s + y) * ow + tx * s + x] = Math.max(0f, Math.min(1f, v));
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        if (compute != null) {
            compute.close();
            compute = null;
        }
        if (tfjs != null) {
            tfjs.close();
            tfjs = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    private static void clip(float[] d) {
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, Math.min(1f, d[i]));
        }
    }
}
