package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's frame pools hand out uninitialised memory, padding included. Frames we fill and hand to swscale or an
 * encoder are zeroed once when allocated, so what they produce never depends on what earlier frames left in recycled
 * memory: a segment encoded again (a resume, a farm worker) must come out the same (EncoderDeterminismTest). (x264's
 * own reads of memory it never wrote are beyond this: docs/farm.md.)
 */
final class FrameBuffers {
    private FrameBuffers() {
    }

    static void zero(AVFrame f) {
        for (int i = 0; i < 8; i++) {
            var b = f.buf(i);
            if (b == null || b.isNull()) {
                break;
            }
            Pointer.memset(b.data(), 0, b.size());
        }
    }
}
