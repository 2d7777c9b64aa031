package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a media file holds: container, duration, streams, and per video stream the sizes,
 * rotation, pixel format, colour description, frame rates and frame count.
 * <p>
 * The frame count is exact when the file is small enough ({@link #DEFAULT_SCAN_LIMIT_BYTES}) to
 * count its pictures' packets (demuxing only, no decoding); otherwise it is the container's count
 * or duration times frame rate, marked as an estimate.
 */
public final class MediaProbe {
    /** Files up to this size get their packets counted: a 256 MB file demuxes in well under a second. */
    public static final long DEFAULT_SCAN_LIMIT_BYTES = 256L << 20;

    private MediaProbe() {
    }

    public static MediaInfo probe(Path path) {
        return probe(path, DEFAULT_SCAN_LIMIT_BYTES);
    }

    public static MediaInfo probe(Path path, long scanLimitBytes) {
        try (MediaInput in = MediaInput.open(path)) {
            long size = sizeOf(path);
            List<VideoStreamInfo> video = new ArrayList<>();
            List<AudioStreamInfo> audio = new ArrayList<>();
            List<SubtitleStreamInfo> subs = new ArrayList<>();
            int best = in.bestVideoStream();
            PacketIndex index = null;
            if (best >= 0 && size <= scanLimitBytes) {
                try (MediaInput scanIn = MediaInput.open(path)) {
                    index = PacketIndex.scan(scanIn, best);
                }
            }
            if (best >= 0) {
                video.add(videoInfo(in.stream(best), index));
            }
            for (int i = 0; i < in.streamCount(); i++) {
                AVStream st = in.stream(i);
                int type = st.codecpar().codec_type();
                if (type == avutil.AVMEDIA_TYPE_VIDEO && i != best
                        && (st.disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                    video.add(videoInfo(st, null));
                } else if (type == avutil.AVMEDIA_TYPE_AUDIO) {
                    audio.add(audioInfo(st));
                } else if (type == avutil.AVMEDIA_TYPE_SUBTITLE) {
                    subs.add(new SubtitleStreamInfo(i, codecName(st.codecpar().codec_id()), tag(st.metadata(), "language")));
                }
            }
            var ctx = in.context();
            double duration = ctx.duration() == avutil.AV_NOPTS_VALUE ? Double.NaN : ctx.duration() / (double) avutil.AV_TIME_BASE;
            return new MediaInfo(path, ctx.iformat().name().getString(), str(ctx.iformat().long_name()), size,
                    duration, ctx.bit_rate(), List.copyOf(video), List.copyOf(audio), List.copyOf(subs),
                    metadata(ctx.metadata()));
        }
    }

    static VideoStreamInfo videoInfo(AVStream st, PacketIndex index) {
        AVCodecParameters par = st.codecpar();
        int w = par.width(), h = par.height();
        Orientation orientation = orientationOf(par);
        Rational tb = Rational.of(st.time_base());
        Rational avg = Rational.of(st.avg_frame_rate());
        Rational real = Rational.of(st.r_frame_rate());
        double duration = st.duration() != avutil.AV_NOPTS_VALUE && tb.isKnown()
                ? st.duration() * tb.toDouble() : Double.NaN;
        long count;
        boolean exact;
        boolean vfr;
        if (index != null && index.complete()) {
            count = index.frameCount();
            exact = true;
            vfr = index.variableRate();
        } else {
            // container counts are hints: MP4 lists samples an edit list discards, AVI headers count
            // dropped frames, so only a scan is called exact
            exact = false;
            Rational rate = avg.isKnown() ? avg : real;
            count = st.nb_frames() > 0 ? st.nb_frames()
                    : (Double.isNaN(duration) || !rate.isKnown() ? 0 : Math.round(duration * rate.toDouble()));
            vfr = avg.isKnown() && real.isKnown() && Math.abs(avg.toDouble() / real.toDouble() - 1) > 0.01;
        }
        int fmt = par.format();
        String pixFmt = fmt < 0 ? "unknown" : str(avutil.av_get_pix_fmt_name(fmt));
        AVPixFmtDescriptor desc = fmt < 0 ? null : avutil.av_pix_fmt_desc_get(fmt);
        int depth = desc == null ? 8 : desc.comp(0).depth();
        ColorInfo color = new ColorInfo(str(avutil.av_color_primaries_name(par.color_primaries())),
                str(avutil.av_color_transfer_name(par.color_trc())), str(avutil.av_color_space_name(par.color_space())),
                str(avutil.av_color_range_name(par.color_range())), par.color_primaries(), par.color_trc(),
                par.color_space(), par.color_range());
        AVCodecDescriptor cd = avcodec.avcodec_descriptor_get(par.codec_id());
        return new VideoStreamInfo(st.index(), codecName(par.codec_id()), cd == null ? "" : str(cd.long_name()), w, h,
                orientation.swapsSize() ? h : w, orientation.swapsSize() ? w : h, orientation,
                Rational.of(par.sample_aspect_ratio()), pixFmt, depth, color, avg, real, vfr, count, exact, tb,
                duration, par.bit_rate());
    }

    /** The display orientation from the stream's display-matrix side data. */
    static Orientation orientationOf(AVCodecParameters par) {
        AVPacketSideData sd = avcodec.av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                avcodec.AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) {
            return Orientation.NONE;
        }
        IntPointer ip = new IntPointer(sd.data());
        int[] m = new int[9];
        ip.get(m);
        return Orientation.fromDisplayMatrix(m, avutil.av_display_rotation_get(m));
    }

    private static AudioStreamInfo audioInfo(AVStream st) {
        AVCodecParameters par = st.codecpar();
        Rational tb = Rational.of(st.time_base());
        double duration = st.duration() != avutil.AV_NOPTS_VALUE && tb.isKnown() ? st.duration() * tb.toDouble() : Double.NaN;
        byte[] layout = new byte[128];
        avutil.av_channel_layout_describe(par.ch_layout(), layout, layout.length);
        int n = 0;
        while (n < layout.length && layout[n] != 0) {
            n++;
        }
        return new AudioStreamInfo(st.index(), codecName(par.codec_id()), par.sample_rate(), par.ch_layout().nb_channels(),
                new String(layout, 0, n), tag(st.metadata(), "language"), par.bit_rate(), duration);
    }

    static String codecName(int codecId) {
        return str(avcodec.avcodec_get_name(codecId));
    }

    static Map<String, String> metadata(AVDictionary dict) {
        Map<String, String> out = new LinkedHashMap<>();
        if (dict == null || dict.isNull()) {
            return out;
        }
        AVDictionaryEntry e = null;
        while ((e = avutil.av_dict_iterate(dict, e)) != null && !e.isNull()) {
            out.put(e.key().getString(), e.value().getString());
        }
        return out;
    }

    private static String tag(AVDictionary dict, String key) {
        return metadata(dict).get(key);
    }

    private static String str(BytePointer p) {
        return p == null || p.isNull() ? "unknown" : p.getString();
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
