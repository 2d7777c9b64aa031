package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import dev.flowsmith.media.color.DisplayOptions;

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
        try (DisplayConverter display = new DisplayConverter(swscale.SWS_AREA);
             MediaInput in = MediaInput.open(path); StreamDecoder dec = new StreamDecoder(in, v.index(), 0)) {
            long start = in.stream(v.index()).start_time();
            start = start == avutil.AV_NOPTS_VALUE ? 0 : start;
            BufferedImage last = null;
            for (int i = 0; i < count; i++) {
                double t = duration * (i + 0.5) / count;
                long pts = start + Math.round(t / v.timeBase().toDouble());
                in.seekBackward(v.index(), pts);
                dec.flush();
                if (dec.next(frame)) {
                    last = toImage(frame, display, height, v);
                }
                if (last == null) {
                    throw new CorruptMediaException("No picture could be decoded from '" + path.getFileName() + "'.",
                            "thumbnail " + i);
                }
                out.add(last);
            }
        } finally {
            avutil.av_frame_free(frame);
        }
        return out;
    }

    private static BufferedImage toImage(AVFrame frame, DisplayConverter display, int height, VideoStreamInfo v) {
        boolean swap = v.rotation().swapsSize();
        double sar = v.sampleAspectRatio().isKnown() ? v.sampleAspectRatio().toDouble() : 1.0;
        double displayAspect = frame.width() * sar / frame.height();
        // size before rotation such that the upright picture is `height` high
        int th = swap ? Math.max(2, (int) Math.round(height / displayAspect)) : height;
        int tw = swap ? height : Math.max(2, (int) Math.round(height * displayAspect));
        byte[] bgra = new byte[4 * tw * th];
        display.convert(frame, tw, th, v.rotation(), DisplayOptions.DEFAULT, bgra);
        int uw = swap ? th : tw, uh = swap ? tw : th;
        BufferedImage img = new BufferedImage(uw, uh, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0, n = uw * uh; i < n; i++) {
            dst[3 * i] = bgra[4 * i];
            dst[3 * i + 1] = bgra[4 * i + 1];
            dst[3 * i + 2] = bgra[4 * i + 2];
        }
        return img;
    }
}
