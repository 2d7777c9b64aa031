package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Locale;

/**
 * The studio's own keyframe edits, for users without an image editor and for tests (each can be
 * applied to every frame independently, so a propagated result has a reference): a colour grade
 * (lift / gamma / gain, saturation, warmth) and OpenCV's edge-aware stylisation and detail enhancement.
 */
public enum BuiltInEdit {
    GRADE, STYLIZE, DETAIL;

    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    public static BuiltInEdit parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown edit '" + s + "'; use grade, stylize or detail.");
        }
    }

    public VideoFrame apply(VideoFrame in) {
        VideoFrame out = new VideoFrame(in.width(), in.height());
        switch (this) {
            case GRADE -> grade(in, out);
            case STYLIZE, DETAIL -> opencv(in, out, this == STYLIZE);
        }
        return out;
    }

    /** A warm, contrasty, slightly desaturated look: lift/gamma/gain per channel, then saturation. */
    private static void grade(VideoFrame in, VideoFrame out) {
        int n = in.width() * in.height();
        float[] s = in.data(), o = out.data();
        float[] lift = {0.03f, 0.01f, -0.02f}, gain = {1.08f, 1.0f, 0.88f}, gamma = {0.9f, 1.0f, 1.1f};
        for (int p = 0; p < n; p++) {
            float[] c = new float[3];
            for (int ch = 0; ch < 3; ch++) {
                float v = (float) Math.pow(Math.max(0, s[ch * n + p]), gamma[ch]);
                c[ch] = lift[ch] + v * (gain[ch] - lift[ch]);
            }
            float luma = 0.2126f * c[0] + 0.7152f * c[1] + 0.0722f * c[2];
            for (int ch = 0; ch < 3; ch++) {
                o[ch * n + p] = Math.max(0f, Math.min(1f, luma + 0.8f * (c[ch] - luma)));
            }
        }
    }

    private static void opencv(VideoFrame in, VideoFrame out, boolean stylize) {
        int w = in.width(), h = in.height(), n = w * h;
        byte[] bgr = new byte[3 * n];
        float[] s = in.data();
        for (int p = 0; p < n; p++) {
            for (int ch = 0; ch < 3; ch++) {
                bgr[3 * p + (2 - ch)] = (byte) Math.round(Math.max(0, Math.min(1, s[ch * n + p])) * 255);
            }
        }
        Mat src = new Mat(h, w, opencv_core.CV_8UC3), dst = new Mat();
        new BytePointer(src.data()).put(bgr, 0, bgr.length);
        if (stylize) {
            opencv_photo.stylization(src, dst, 60f, 0.45f);
        } else {
            opencv_photo.detailEnhance(src, dst, 10f, 0.15f);
        }
        new BytePointer(dst.data()).get(bgr, 0, bgr.length);
        float[] o = out.data();
        for (int p = 0; p < n; p++) {
            for (int ch = 0; ch < 3; ch++) {
                o[ch * n + p] = (bgr[3 * p + (2 - ch)] & 0xff) / 255f;
            }
        }
        src.close();
        dst.close();
    }
}
