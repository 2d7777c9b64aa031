package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.util.Arrays;

/**
 * The presentation timestamps of every packet of one video stream, found by demuxing without
 * decoding (cheap: no pixels are touched). Sorted, the i-th timestamp is frame i's, which is what
 * an exact seek to a frame index needs; the spread of the gaps tells a variable frame rate.
 */
final class PacketIndex {
    private final long[] sortedPts;
    private final boolean complete;

    private PacketIndex(long[] sortedPts, boolean complete) {
        this.sortedPts = sortedPts;
        this.complete = complete;
    }

    static PacketIndex scan(MediaInput in, int stream) {
        long[] pts = new long[1024];
        int n = 0;
        boolean complete = true;
        int codec = in.codecpar(stream).codec_id();
        AVPacket pkt = MediaInput.newPacket();
        try {
            while (in.readPacket(pkt)) {
                if (pkt.stream_index() == stream && (pkt.flags() & avcodec.AV_PKT_FLAG_DISCARD) == 0
                        && ShownFrames.shows(codec, pkt)) {
                    long t = pkt.pts();
                    if (t == avutil.AV_NOPTS_VALUE) {
                        complete = false;
                    }
                    if (n == pts.length) {
                        pts = Arrays.copyOf(pts, n * 2);
                    }
                    pts[n++] = t;
                }
                avcodec.av_packet_unref(pkt);
            }
        } finally {
            avcodec.av_packet_free(pkt);
        }
        long[] sorted = Arrays.copyOf(pts, n);
        Arrays.sort(sorted);
        return new PacketIndex(sorted, complete);
    }

    int frameCount() {
        return sortedPts.length;
    }

    /** True when every packet had a timestamp, so index i maps to a timestamp exactly. */
    boolean complete() {
        return complete;
    }

    long ptsOf(int frameIndex) {
        return sortedPts[frameIndex];
    }

    /** Frame index of a timestamp, or -1 when no packet had exactly that timestamp. */
    int indexOf(long pts) {
        int i = Arrays.binarySearch(sortedPts, pts);
        return i < 0 ? -1 : i;
    }

    /**
     * True when gaps between frames differ by more than rounding: two ticks, and one per cent of the
     * median gap (time bases such as 1/1000 give 33/34 ms gaps at a constant 30 fps).
     */
    boolean variableRate() {
        if (!complete || sortedPts.length < 3) {
            return false;
        }
        long[] gaps = new long[sortedPts.length - 1];
        for (int i = 1; i < sortedPts.length; i++) {
            gaps[i - 1] = sortedPts[i] - sortedPts[i - 1];
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        long spread = gaps[gaps.length - 1] - gaps[0];
        return spread > 2 && spread > median / 100;
    }
}
