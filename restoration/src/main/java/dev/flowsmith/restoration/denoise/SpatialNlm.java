package dev.flowsmith.restoration.denoise;

import dev.flowsmith.media.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The spatial step of the denoiser: OpenCV's fast non-local means (colour) on 8-bit RGB, with a
 * filter strength derived from the residual noise, small patches and a small search window (the
 * temporal step already did most of the work). The 8-bit round trip adds noise of 0.3/255, far
 * below what is being removed.
 */
final class SpatialNlm implements AutoCloseable {
    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    private Mat in, out;
    private byte[] bytes = new byte[0];

    /** {@code strength} is the NLM h in the 0..1 scale. */
    void denoise(VideoFrame src, double strength, VideoFrame dst) {
        int w = src.width(), h = src.height(), plane = w * h;
        if (bytes.length != 3 * plane) {
            bytes = new byte[3 * plane];
        }
        float[] d = src.data();
        for (int i = 0; i < plane; i++) {
            bytes[3 * i] = toByte(d[i]);
            bytes[3 * i + 1] = toByte(d[plane + i]);
            bytes[3 * i + 2] = toByte(d[2 * plane + i]);
        }
        if (in == null || in.cols() != w || in.rows() != h) {
            in = new Mat(h, w, opencv_core.CV_8UC3);
            out = new Mat(h, w, opencv_core.CV_8UC3);
        }
        new BytePointer(in.data()).put(bytes, 0, 3 * plane);
        float hv = (float) (strength * 255);
        opencv_photo.fastNlMeansDenoisingColored(in, out, hv, hv, 5, 13);
        new BytePointer(out.data()).get(bytes, 0, 3 * plane);
        float[] o = dst.data();
        for (int i = 0; i < plane; i++) {
            o[i] = (bytes[3 * i] & 0xff) / 255f;
            o[plane + i] = (bytes[3 * i + 1] & 0xff) / 255f;
            o[2 * plane + i] = (bytes[3 * i + 2] & 0xff) / 255f;
        }
    }

    private static byte toByte(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** Drops the buffers; JavaCPP frees them when they are collected (an explicit close crashed OpenCV later). */
    @Override
    public void close() {
        in = null;
        out = null;
    }
}
