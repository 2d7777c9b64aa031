package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;

/**
 * Tells whether a VP8 or VP9 packet shows a picture. Both codecs send invisible reference frames
 * (alt-ref) as packets of their own in WebM, so counting packets over-counts frames; the frame
 * headers' {@code show_frame} bit says which packets a decoder will output. Other codecs: every
 * packet is one picture.
 */
final class ShownFrames {
    private ShownFrames() {
    }

    static boolean shows(int codecId, AVPacket pkt) {
        if (codecId == avcodec.AV_CODEC_ID_VP8) {
            return pkt.size() < 3 || ((pkt.data().get(0) >> 4) & 1) == 1;
        }
        if (codecId == avcodec.AV_CODEC_ID_VP9) {
            return vp9Shows(pkt.data(), pkt.size());
        }
        return true;
    }

    /** VP9: a superframe (index at the end) shows a picture if any of its frames does. */
    static boolean vp9Shows(BytePointer d, int size) {
        if (size < 1) {
            return true;
        }
        int marker = d.get(size - 1) & 0xff;
        if ((marker & 0xe0) == 0xc0) {
            int bytes = ((marker >> 3) & 3) + 1, frames = (marker & 7) + 1;
            int indexSize = 2 + bytes * frames;
            if (size >= indexSize && (d.get(size - indexSize) & 0xff) == marker) {
                long offset = 0;
                int pos = size - indexSize + 1;
                for (int f = 0; f < frames; f++) {
                    long frameSize = 0;
                    for (int b = 0; b < bytes; b++) {
                        frameSize |= (long) (d.get(pos++) & 0xff) << (8 * b);
                    }
                    if (offset < size && vp9FrameShows(d.get(offset) & 0xff)) {
                        return true;
                    }
                    offset += frameSize;
                }
                return false;
            }
        }
        return vp9FrameShows(d.get(0) & 0xff);
    }

    /** Reads the first bits of a VP9 uncompressed header: marker, profile, show_existing_frame, frame_type, show_frame. */
    private static boolean vp9FrameShows(int b) {
        if ((b >> 6) != 2) {
            return true; // not a frame header we understand: count it
        }
        int profile = ((b >> 5) & 1) | (((b >> 4) & 1) << 1);
        int bit = profile == 3 ? 3 : 4; // index (from the top, 0..7) of show_existing_frame... minus reserved bit
        int showExisting = (b >> (7 - bit)) & 1;
        if (showExisting == 1) {
            return true;
        }
        return ((b >> (7 - bit - 2)) & 1) == 1; // skip frame_type, read show_frame
    }
}
