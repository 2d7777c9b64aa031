package dev.flowsmith.media;

import dev.flowsmith.media.color.ColorSignal;
import dev.flowsmith.media.color.DisplayOptions;
import dev.flowsmith.media.color.DisplayTransform;
import dev.flowsmith.media.color.HdrLevels;
import org.bytedeco.ffmpeg.avutil.AVContentLightMetadata;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVFrameSideData;
import org.bytedeco.ffmpeg.avutil.AVMasteringDisplayMetadata;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The one display conversion of the viewer, the timeline thumbnails and {@code flowsmith thumbs}:
 * swscale only resizes (to 4:4:4 at 16 bits, colour tags unchanged, so no matrix is applied there
 * and 10-bit sources keep their precision), then {@link DisplayTransform} applies the stream's matrix,
 * range, transfer, primaries and HDR light levels, and the picture is turned upright.
 */
final class DisplayConverter implements AutoCloseable {
    private final SwsContext sws = swscale.sws_alloc_context();
    private final AVFrame planar = avutil.av_frame_alloc();
    private short[][] planes = new short[3][0];
    private int[] packed = new int[0];
    private int[] turned = new int[0];
    private byte[] unturned = new byte[0];
    private DisplayTransform transform;

    DisplayConverter(int scaleFlags) {
        FFmpegLibrary.ensureLoaded();
        sws.flags(scaleFlags);
        sws.threads(0);
    }

    /** The conversion used for the last frame (null before the first). */
    DisplayTransform transform() {
        return transform;
    }

    /**
     * Scales {@code src} to {@code w x h} (stored orientation), converts it for display and writes the
     * upright BGRA into {@code out} (length 4*w*h).
     */
    void convert(AVFrame src, int w, int h, Orientation o, DisplayOptions options, byte[] out) {
        AVPixFmtDescriptor desc = avutil.av_pix_fmt_desc_get(src.format());
        if (desc == null) {
            throw new UnsupportedMediaException("A preview could not be made: the decoder gave no known pixel format.",
                    "format " + src.format());
        }
        boolean rgb = (desc.flags() & avutil.AV_PIX_FMT_FLAG_RGB) != 0;
        ColorSignal signal = ColorSignal.resolve(src.colorspace(), src.color_range(), src.color_primaries(), src.color_trc(),
                src.width(), src.height(), desc.comp(0).depth(), rgb, levels(src));
        if (transform == null || !transform.signal().equals(signal) || !transform.options().equals(options)) {
            transform = new DisplayTransform(signal, options);
        }
        scale(src, w, h, rgb);
        int n = w * h;
        if (o == Orientation.NONE) {
            toBgra(n, out);
            return;
        }
        if (packed.length != n) {
            packed = new int[n];
            turned = new int[n];
        }
        if (unturned.length != 4 * n) {
            unturned = new byte[4 * n];
        }
        byte[] row = unturned;
        toBgra(n, row);
        java.nio.ByteBuffer.wrap(row).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().get(packed);
        o.apply(packed, w, h, turned);
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().put(turned, 0, n);
    }

    /**
     * Converts all pixels, split over the cores for big frames: tone mapping costs tens of nanoseconds a
     * pixel, and while a frame is being converted the decoder of this reader waits anyway.
     */
    private void toBgra(int n, byte[] out) {
        DisplayTransform t = transform;
        short[] a = planes[0], b = planes[1], c = planes[2];
        int parts = t.matrixOnly() || n < PARALLEL_PIXELS ? 1 : Math.min(8, Runtime.getRuntime().availableProcessors());
        if (parts == 1) {
            t.toBgra(a, b, c, 0, n, out, 0);
            return;
        }
        java.util.stream.IntStream.range(0, parts).parallel().forEach(p -> {
            int from = (int) ((long) n * p / parts), to = (int) ((long) n * (p + 1) / parts);
            t.toBgra(a, b, c, from, to - from, out, from);
        });
    }

    private static final int PARALLEL_PIXELS = 100_000;

    private void scale(AVFrame src, int w, int h, boolean rgb) {
        int format = rgb ? avutil.AV_PIX_FMT_GBRP16LE : avutil.AV_PIX_FMT_YUV444P16LE;
        if (planar.width() != w || planar.height() != h || planar.format() != format) {
            avutil.av_frame_unref(planar);
            planar.format(format).width(w).height(h);
            int ret = avutil.av_frame_get_buffer(planar, 0);
            if (ret < 0) {
                throw new OutOfMemoryError("preview frame: " + FFmpegErrors.describe(ret));
            }
        }
        // same tags on both sides: swscale resizes and widens, it does not convert colours
        planar.colorspace(src.colorspace()).color_range(src.color_range()).color_primaries(src.color_primaries())
                .color_trc(src.color_trc());
        int ret = PlanarFloatConverter.scaleWoven(sws, planar, src);
        if (ret < 0) {
            throw new UnsupportedMediaException("A preview could not be made from the pixel format '"
                    + avutil.av_get_pix_fmt_name(src.format()).getString() + "'.", FFmpegErrors.describe(ret));
        }
        int n = w * h;
        if (planes[0].length != n) {
            planes = new short[3][n];
        }
        for (int p = 0; p < 3; p++) {
            int stride = planar.linesize(p) / 2;
            ShortPointer sp = new ShortPointer(planar.data(p)).capacity((long) stride * h);
            for (int y = 0; y < h; y++) {
                sp.position((long) y * stride).get(planes[p], y * w, w);
            }
        }
    }

    /** Mastering display and content light level side data of the frame (HDR10), if any. */
    static HdrLevels levels(AVFrame frame) {
        double maxCll = 0, maxFall = 0, masterMax = 0, masterMin = 0;
        AVFrameSideData cll = avutil.av_frame_get_side_data(frame, avutil.AV_FRAME_DATA_CONTENT_LIGHT_LEVEL);
        if (cll != null && !cll.isNull() && cll.size() >= 8) {
            AVContentLightMetadata m = new AVContentLightMetadata(cll.data());
            maxCll = m.MaxCLL();
            maxFall = m.MaxFALL();
        }
        AVFrameSideData md = avutil.av_frame_get_side_data(frame, avutil.AV_FRAME_DATA_MASTERING_DISPLAY_METADATA);
        if (md != null && !md.isNull()) {
            AVMasteringDisplayMetadata m = new AVMasteringDisplayMetadata(md.data());
            if (m.has_luminance() != 0) {
                masterMax = value(m.max_luminance());
                masterMin = value(m.min_luminance());
            }
        }
        if (maxCll == 0 && masterMax == 0) {
            return HdrLevels.NONE;
        }
        return new HdrLevels(maxCll, maxFall, masterMax, masterMin);
    }

    private static double value(AVRational r) {
        return r.den() == 0 ? 0 : (double) r.num() / r.den();
    }

    @Override
    public void close() {
        avutil.av_frame_free(planar);
        swscale.sws_free_context(sws);
    }
}
