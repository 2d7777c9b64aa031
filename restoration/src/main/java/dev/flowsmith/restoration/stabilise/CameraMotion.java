package dev.flowsmith.restoration.stabilise;

import dev.flowsmith.media.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_calib3d;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

/**
 * The camera's motion from one frame to the next, as a similarity: corners (Shi-Tomasi) of the earlier frame tracked
 * into the later one by pyramidal Lucas-Kanade, kept only where tracking back lands where it started, then fitted by
 * RANSAC so that what moves on its own (a rider, a car) is voted out and the background's motion wins. Runs on a grey
 * copy at most {@link #ANALYSIS_WIDTH} pixels wide (shake is a low-frequency motion; this keeps a 4K clip's analysis as
 * fast as an SD one) and reports the motion in full-size pixel coordinates. Where too few tracks agree (a cut, a flash,
 * a blank frame) the motion is unknown and the camera is taken as still. Deterministic (OpenCV's RANSAC seeds its own
 * generator), so a resumed job finds the same path. One instance per thread.
 */
public final class CameraMotion implements AutoCloseable {
    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    /** The analysis copy's width at most. */
    public static final int ANALYSIS_WIDTH = 640;
    private static final int MAX_CORNERS = 600, MIN_INLIERS = 12;
    /**
     * RANSAC's inlier distance (analysis pixels) and the share of tracks that must agree. Measured on DAVIS running_car
     * (snow, glare, motion blur): at 1.0 px and 25 % 115 of 291 motions were rejected; a blurred track is off by a
     * pixel or two without being wrong.
     */
    private static final double RANSAC_THRESHOLD = 2.0, MIN_SHARE = 0.2;
    /** Tracking back must land within this many analysis pixels of the start. */
    private static final float ROUND_TRIP = 0.7f;

    /** {@code motion} maps the earlier frame's pixel coordinates onto the later one's; identity when not reliable. */
    public record Estimate(Similarity motion, int tracks, int inliers, boolean reliable) {
    }

    private Mat previous;
    private byte[] bytes = new byte[0];
    private int width = -1, height = -1;
    private double k = 1;

    /**
     * Feeds the next frame; returns the motion from the frame fed before it to this one (null for the first frame).
     */
    public Estimate next(VideoFrame frame) {
        if (frame.width() != width || frame.height() != height) {
            width = frame.width();
            height = frame.height();
            int ws = Math.min(ANALYSIS_WIDTH, width);
            k = (double) ws / width;
            if (previous != null) {
                previous.close();
            }
            previous = null;
        }
        Mat grey = grey(frame);
        if (previous == null) {
            previous = grey;
            return null;
        }
        Estimate e = estimate(previous, grey);
        previous.close();
        previous = grey;
        return e;
    }

    private Mat grey(VideoFrame f) {
        int w = f.width(), h = f.height(), plane = w * h;
        bytes = dev.flowsmith.restoration.flow.FlowEstimator.lumaBytes(f, bytes);
        try (Mat full = new Mat(h, w, opencv_core.CV_8UC1)) {
            new BytePointer(full.data()).put(bytes, 0, plane);
            Mat small = new Mat();
            int ws = (int) Math.round(w * k), hs = Math.max(1, (int) Math.round(h * k));
            if (ws == w) {
                full.copyTo(small);
            } else {
                opencv_imgproc.resize(full, small, new Size(ws, hs), 0, 0, opencv_imgproc.INTER_AREA);
            }
            return small;
        }
    }

    private Estimate estimate(Mat a, Mat b) {
        try (Mat corners = new Mat(); Mat tracked = new Mat(); Mat back = new Mat(); Mat status = new Mat(); Mat backStatus = new Mat();
             Mat err = new Mat(); Mat none = new Mat()) {
            double minDistance = Math.max(4, a.cols() / 64.0);
            opencv_imgproc.goodFeaturesToTrack(a, corners, MAX_CORNERS, 0.01, minDistance, none, 3, false, 0.04);
            int n = corners.rows();
            if (n < MIN_INLIERS) {
                return unreliable(n, 0);
            }
            Size win = new Size(21, 21);
            TermCriteria term = new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 30, 0.01);
            opencv_video.calcOpticalFlowPyrLK(a, b, corners, tracked, status, err, win, 3, term, 0, 1e-4);
            opencv_video.calcOpticalFlowPyrLK(b, a, tracked, back, backStatus, err, win, 3, term, 0, 1e-4);
            FloatIndexer c = corners.createIndexer(), t = tracked.createIndexer(), r = back.createIndexer();
            UByteIndexer s = status.createIndexer(), sb = backStatus.createIndexer();
            float[] src = new float[2 * n], dst = new float[2 * n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (s.get(i) == 0 || sb.get(i) == 0) {
                    continue;
                }
                float x0 = c.get(i, 0, 0), y0 = c.get(i, 0, 1);
                if (Math.hypot(r.get(i, 0, 0) - x0, r.get(i, 0, 1) - y0) > ROUND_TRIP) {
                    continue;
                }
                src[2 * kept] = x0;
                src[2 * kept + 1] = y0;
                dst[2 * kept] = t.get(i, 0, 0);
                dst[2 * kept + 1] = t.get(i, 0, 1);
                kept++;
            }
            c.close();
            t.close();
            r.close();
            s.close();
            sb.close();
            if (kept < MIN_INLIERS) {
                return unreliable(kept, 0);
            }
            try (Mat from = new Mat(kept, 1, opencv_core.CV_32FC2); Mat to = new Mat(kept, 1, opencv_core.CV_32FC2);
                 Mat inliers = new Mat()) {
                FloatIndexer fi = from.createIndexer(), ti = to.createIndexer();
                for (int i = 0; i < kept; i++) {
                    fi.put(i, 0, 0, src[2 * i]);
                    fi.put(i, 0, 1, src[2 * i + 1]);
                    ti.put(i, 0, 0, dst[2 * i]);
                    ti.put(i, 0, 1, dst[2 * i + 1]);
                }
                fi.close();
                ti.close();
                try (Mat m = opencv_calib3d.estimateAffinePartial2D(from, to, inliers, opencv_calib3d.RANSAC, RANSAC_THRESHOLD, 2000, 0.995, 10)) {
                    if (m == null || m.empty()) {
                        return unreliable(kept, 0);
                    }
                    int in = opencv_core.countNonZero(inliers);
                    if (in < MIN_INLIERS || in < MIN_SHARE * kept) {
                        return unreliable(kept, in);
                    }
                    DoubleIndexer mi = m.createIndexer();
                    Similarity small = new Similarity(mi.get(0, 0), mi.get(1, 0), mi.get(0, 2), mi.get(1, 2));
                    mi.close();
                    // full = D^-1 small D, D: full-size pixel centres to the analysis copy's
                    Similarity down = new Similarity(k, 0, 0.5 * k - 0.5, 0.5 * k - 0.5);
                    return new Estimate(down.inverse().after(small).after(down), kept, in, true);
                }
            }
        }
    }

    private static Estimate unreliable(int tracks, int inliers) {
        return new Estimate(Similarity.IDENTITY, tracks, inliers, false);
    }

    @Override
    public void close() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
    }
}
