package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Evenly spaced preview pictures of a video. Each one is the keyframe at or before its time
 * (a seek plus one decoded frame), so a thumbnail strip of a two-hour film costs a few decodes,
 * not a pass over the file. Pictures are scaled to the asked height and turned upright.
 */
public final class ThumbnailExtractor {
    private ThumbnailExtractor() {
    }

    /** {@code count} thumbnails {@code height} pixels high, in time order. */
    public static List<BufferedImage> extract(Path path, int count, int height) {
        if (count < 1 || height < 8) {
            throw new IllegalArgumentException("need count >= 1 and height >= 8");
        }
        MediaInfo info = MediaProbe.probe(path, 0);
        VideoStreamInfo v = info.requireVideo();
        double duration = !Double.isNaN(v.durationSeconds()) ? v.durationSeconds() : info.durationSeconds();
        if (Double.isNaN(duration) || duration <= 0) {
            duration = 0;
        }
        List<BufferedImage> out = new ArrayList<>();
        AVFrame frame = avutil.av_frame_alloc();
        AVFrame bgr = avutil.av_frame_alloc();
        SwsContext sws = swscale.sws_alloc_context();
        sws.flags(swscale.SWS_AREA);
        try (MediaInput in = MediaInput.open(path); StreamDecoder dec = new StreamDecoder(in, v.index(), 0)) {
            long start = in.stream(v.index()).start_time();
            start = start == avutil.AV_NOPTS_VALUE ? 0 : start;
            BufferedImage last = null;
            for (int i = 0; i < count; i++) {
                double t = duration * (i + 0.5) / count;
                long pts = start + Math.round(t / v.timeBase().toDouble());
                in.seekBackward(v.index(), pts);
                dec.flush();
                if (dec.next(frame)) {
                    last = toImage(frame, bgr, sws, height, v);
                }
                if (last == null) {
                    throw new CorruptMediaException("No picture could be decoded from '" + path.getFileName() + "'.",
                            "thumbnail " + i);
                }
                out.add(last);
            }
        } finally {
            avutil.av_frame_free(frame);
            avutil.av_frame_free(bgr);
            swscale.sws_free_context(sws);
        }
        return out;
    }

    private static BufferedImage toImage(AVFrame frame, AVFrame bgr, SwsContext sws, int height, VideoStreamInfo v) {
        boolean swap = v.rotation().swapsSize();
        double sar = v.sampleAspectRatio().isKnown() ? v.sampleAspectRatio().toDouble() : 1.0;
        double displayAspect = frame.width() * sar / frame.height();
        // size before rotation such that the upright picture is `height` high
        int th = swap ? Math.max(2, (int) Math.round(height / displayAspect)) : height;
        int tw = swap ? height : Math.max(2, (int) Math.round(height * displayAspect));
        avutil.av_frame_unref(bgr);
        bgr.format(avutil.AV_PIX_FMT_BGR24).width(tw).height(th);
        int ret = avutil.av_frame_get_buffer(bgr, 0);
        if (ret >= 0) {
            ret = swscale.sws_scale_frame(sws, bgr, frame);
        }
        if (ret < 0) {
            throw new UnsupportedMediaException("A thumbnail could not be made from this pixel format.", FFmpegErrors.describe(ret));
        }
        BufferedImage img = new BufferedImage(tw, th, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int stride = bgr.linesize(0);
        for (int y = 0; y < th; y++) {
            bgr.data(0).position((long) y * stride).get(dst, y * tw * 3, tw * 3);
        }
        bgr.data(0).position(0);
        return orient(img, v.rotation());
    }

    /** Applies a display orientation to a small image. */
    static BufferedImage orient(BufferedImage img, Orientation o) {
        int w = img.getWidth(), h = img.getHeight();
        AffineTransform t;
        switch (o) {
            case CLOCKWISE: t = new AffineTransform(0, 1, -1, 0, h, 0); break;
            case COUNTER_CLOCKWISE: t = new AffineTransform(0, -1, 1, 0, 0, w); break;
            case ROTATE_180: t = new AffineTransform(-1, 0, 0, -1, w, h); break;
            case TRANSPOSE: t = new AffineTransform(0, 1, 1, 0, 0, 0); break;
            case ANTI_TRANSPOSE: t = new AffineTransform(0, -1, -1, 0, h, w); break;
            case HFLIP: t = new AffineTransform(-1, 0, 0, 1, w, 0); break;
            case VFLIP: t = new AffineTransform(1, 0, 0, -1, 0, h); break;
            default: return img;
        }
        BufferedImage out = new BufferedImage(o.swapsSize() ? h : w, o.swapsSize() ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(img, out);
        return out;
    }
}
