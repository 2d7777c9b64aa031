package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Copies stream-level side data (display matrix = rotation, HDR mastering display and content light
 * level) from a source stream to an encoded stream's parameters, which is what keeps rotation and
 * HDR tags through a re-encode. FFmpeg's API takes pointers to the struct's own fields, so their
 * addresses are computed with JavaCPP's member offsets.
 */
final class StreamSideData {
    static final int[] KEPT = {avcodec.AV_PKT_DATA_DISPLAYMATRIX, avcodec.AV_PKT_DATA_MASTERING_DISPLAY_METADATA,
            avcodec.AV_PKT_DATA_CONTENT_LIGHT_LEVEL};

    private StreamSideData() {
    }

    /** Copies the {@link #KEPT} kinds, optionally without the display matrix. */
    static void copy(AVCodecParameters from, AVCodecParameters to, boolean withDisplayMatrix) {
        for (int type : KEPT) {
            if (type == avcodec.AV_PKT_DATA_DISPLAYMATRIX && !withDisplayMatrix) {
                continue;
            }
            AVPacketSideData src = avcodec.av_packet_side_data_get(from.coded_side_data(), from.nb_coded_side_data(), type);
            if (src == null || src.isNull()) {
                continue;
            }
            PointerPointer<?> array = new PointerPointer<>(new FieldAddress(to.address()
                    + Loader.offsetof(AVCodecParameters.class, "coded_side_data")));
            IntPointer count = new IntPointer(new FieldAddress(to.address()
                    + Loader.offsetof(AVCodecParameters.class, "nb_coded_side_data")));
            AVPacketSideData dst = avcodec.av_packet_side_data_new(array, count, type, src.size(), 0);
            if (dst != null && !dst.isNull()) {
                byte[] bytes = new byte[(int) src.size()];
                src.data().get(bytes);
                new BytePointer(dst.data()).put(bytes);
            }
        }
    }

    /** A pointer to a given address inside a native struct (not owned, never freed). */
    private static final class FieldAddress extends Pointer {
        FieldAddress(long address) {
            this.address = address;
        }
    }
}
