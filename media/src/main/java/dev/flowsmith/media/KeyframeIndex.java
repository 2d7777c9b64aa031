package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which frames of a file's video stream are keyframes, found by demuxing without decoding, plus what
 * decides whether ranges of it can be copied into another file without re-encoding: whether the
 * stream reorders frames (B-frames) and a signature of its exact format (codec, size, pixel format,
 * decoder configuration), since packets of two streams can share a file only when those match.
 */
public final class KeyframeIndex {
    private final long[] pts;       // presentation order
    private final boolean[] key;
    private final long startPts;
    private final Rational timeBase;
    private final boolean reorders;
    private final String signature;

    private KeyframeIndex(long[] pts, boolean[] key, Rational timeBase, boolean reorders, String signature) {
        this.pts = pts;
        this.key = key;
        this.startPts = pts.length == 0 ? 0 : pts[0];
        this.timeBase = timeBase;
        this.reorders = reorders;
        this.signature = signature;
    }

    public static KeyframeIndex scan(Path file) {
        try (MediaInput in = MediaInput.open(file)) {
            int v = in.requireVideoStream();
            AVStream st = in.stream(v);
            int codec = st.codecpar().codec_id();
            long[] p = new long[1024];
            boolean[] k = new boolean[1024];
            int n = 0;
            boolean reorders = false;
            long lastPts = Long.MIN_VALUE;
            AVPacket pkt = MediaInput.newPacket();
            try {
                while (in.readPacket(pkt)) {
                    if (pkt.stream_index() == v && (pkt.flags() & avcodec.AV_PKT_FLAG_DISCARD) == 0
                            && ShownFrames.shows(codec, pkt) && pkt.pts() != avutil.AV_NOPTS_VALUE) {
                        if (n == p.length) {
                            p = Arrays.copyOf(p, n * 2);
                            k = Arrays.copyOf(k, n * 2);
                        }
                        reorders |= pkt.pts() < lastPts;
                        lastPts = Math.max(lastPts, pkt.pts());
                        p[n] = pkt.pts();
                        k[n] = (pkt.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
                        n++;
                    }
                    avcodec.av_packet_unref(pkt);
                }
            } finally {
                avcodec.av_packet_free(pkt);
            }
            // sort by timestamp, keeping each frame's key flag
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            final long[] fp = p;
            Arrays.sort(order, (a, b) -> Long.compare(fp[a], fp[b]));
            long[] sp = new long[n];
            boolean[] sk = new boolean[n];
            for (int i = 0; i < n; i++) {
                sp[i] = p[order[i]];
                sk[i] = k[order[i]];
            }
            return new KeyframeIndex(sp, sk, Rational.of(st.time_base()), reorders, signature(st.codecpar()));
        }
    }

    private static String signature(AVCodecParameters par) {
        byte[] extra = new byte[Math.max(0, par.extradata_size())];
        if (extra.length > 0) {
            par.extradata().get(extra);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(extra);
            return MediaProbe.codecName(par.codec_id()) + "/" + par.width() + "x" + par.height() + "/" + par.format()
                    + "/" + par.profile() + "/" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int frameCount() {
        return pts.length;
    }

    public boolean isKeyframe(int frame) {
        return key[frame];
    }

    /** Time of frame {@code frame} from the first frame, in microseconds. */
    public long micros(int frame) {
        return avutil.av_rescale_q(pts[frame] - startPts, timeBase.toAv(), avutil.av_make_q(1, 1_000_000));
    }

    /** The frame shown at {@code micros} from the first frame (the last one starting at or before it, within half a tick). */
    public int frameAt(long micros) {
        long t = startPts + avutil.av_rescale_q(micros, avutil.av_make_q(1, 1_000_000), timeBase.toAv());
        int i = Arrays.binarySearch(pts, t);
        if (i >= 0) {
            return i;
        }
        int ins = -i - 1;
        // nearest within a millisecond counts as that frame (microsecond rounding of frame times)
        if (ins < pts.length && micros(ins) - micros <= 1000) {
            return ins;
        }
        return Math.max(0, ins - 1);
    }

    /** The keyframe at or before {@code frame}. */
    public int keyframeAtOrBefore(int frame) {
        for (int i = frame; i >= 0; i--) {
            if (key[i]) {
                return i;
            }
        }
        return 0;
    }

    /** True when the decode order differs from the display order (B-frames): a copy must end on a keyframe. */
    public boolean reorders() {
        return reorders;
    }

    /** Equal signatures mean packets of the two streams can follow each other in one stream. */
    public String signature() {
        return signature;
    }

    long pts(int frame) {
        return pts[frame];
    }

    Rational timeBase() {
        return timeBase;
    }
}
