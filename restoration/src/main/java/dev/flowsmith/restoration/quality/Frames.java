package dev.flowsmith.restoration.quality;

import dev.flowsmith.media.Rational;
import dev.flowsmith.media.VideoFrame;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

/** Still images as engine frames, and the synthetic degradations of the quality harness. */
public final class Frames {
    static {
        dev.flowsmith.restoration.natives.OpenCvNatives.ensureLoaded(); // without OpenCV's GUI module: see there
    }

    private Frames() {
    }

    /** Every frame of a video (at most {@code max}), decoded in order: tests and benches that compare whole clips. */
    public static java.util.List<VideoFrame> decode(Path video, int max) {
        java.util.List<VideoFrame> l = new java.util.ArrayList<>();
        try (dev.flowsmith.media.VideoReader r = dev.flowsmith.media.VideoReader.open(video)) {
            VideoFrame f;
            while (l.size() < max && (f = r.read()) != null) {
                l.add(f.copy());
            }
        }
        return l;
    }

    public static java.util.List<VideoFrame> decode(Path video) {
        return decode(video, Integer.MAX_VALUE);
    }

    /** The first {@code max} PNG or JPEG frames of an image-sequence folder, in name order (indices 0, 1, ...). */
    public static java.util.List<VideoFrame> sequence(Path dir, int max) {
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            files = s.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().limit(max).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.List<VideoFrame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            frames.add(load(files.get(i), i));
        }
        return frames;
    }

    /** Reads a PNG/JPEG/TIFF (whatever ImageIO reads) as planar float RGB. */
    public static VideoFrame load(Path file, long index) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("not an image ImageIO can read: " + file);
            }
            int w = img.getWidth(), h = img.getHeight(), plane = w * h;
            VideoFrame f = new VideoFrame(w, h);
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            float[] d = f.data();
            for (int i = 0; i < plane; i++) {
                d[i] = ((argb[i] >> 16) & 0xff) / 255f;
                d[plane + i] = ((argb[i] >> 8) & 0xff) / 255f;
                d[2 * plane + i] = (argb[i] & 0xff) / 255f;
            }
            f.setPosition(index, index, new Rational(1, 25));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds i.i.d. Gaussian noise of {@code sigma255} (0..255 scale) and clips, like the benchmarks. */
    public static VideoFrame addNoise(VideoFrame f, double sigma255, long seed) {
        VideoFrame o = f.copy();
        Random r = new Random(seed);
        float[] d = o.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.max(0, Math.min(1, d[i] + r.nextGaussian() * sigma255 / 255));
        }
        return o;
    }

    /** The top-left {@code w x h} of a frame. */
    public static VideoFrame crop(VideoFrame f, int w, int h) {
        VideoFrame o = new VideoFrame(w, h);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(f.data(), (c * f.height() + y) * f.width(), o.data(), (c * h + y) * w, w);
            }
        }
        o.setPosition(f.index(), f.pts(), f.timeBase());
        return o;
    }

    /**
     * Shrinks by {@code s} with OpenCV's INTER_CUBIC (no antialiasing): the degradation the published
     * FSRCNN/ESPCN/LapSRN models were trained on.
     */
    public static VideoFrame cubicDown(VideoFrame f, int s) {
        int w = f.width(), h = f.height(), ow = w / s, oh = h / s;
        VideoFrame o = new VideoFrame(ow, oh);
        org.bytedeco.opencv.opencv_core.Mat a = new org.bytedeco.opencv.opencv_core.Mat(h, w,
                org.bytedeco.opencv.global.opencv_core.CV_32FC1), b = new org.bytedeco.opencv.opencv_core.Mat();
        for (int c = 0; c < 3; c++) {
            new org.bytedeco.javacpp.FloatPointer(a.data()).put(f.data(), c * w * h, w * h);
            org.bytedeco.opencv.global.opencv_imgproc.resize(a, b, new org.bytedeco.opencv.opencv_core.Size(ow, oh), 0, 0,
                    org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC);
            new org.bytedeco.javacpp.FloatPointer(b.data()).get(o.data(), c * ow * oh, ow * oh);
        }
        o.setPosition(f.index(), f.pts(), f.timeBase());
        return o;
    }

    /** The frame quantised to 8 bits, as an 8-bit video or PNG would hold it. */
    public static VideoFrame quantize(VideoFrame f) {
        VideoFrame o = f.copy();
        float[] d = o.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.round(Math.max(0, Math.min(1, d[i])) * 255) / 255f;
        }
        return o;
    }
}
