package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Sound played at another speed without a change of pitch: FFmpeg's {@code atempo} filter (WSOLA), one instance per
 * factor of 2 since each takes 0.5..2 (quarter speed is {@code atempo=0.5,atempo=0.5}). Used for slow motion that
 * keeps its sound: the picture made N times longer, the sound stretched to match.
 */
public final class AudioTempo implements AutoCloseable {
    private final AVFilterGraph graph;
    private final AVFilterContext source;
    private final AVFilterContext sink;
    private final AVFrame in = avutil.av_frame_alloc(), out = avutil.av_frame_alloc();
    private final int rate;
    private long pts;

    /** {@code tempo}: 0.25 (four times longer) .. 4 (four times shorter), stereo float at {@code rate}. */
    public AudioTempo(int rate, double tempo) {
        if (!(tempo >= 0.25 && tempo <= 4) || rate < 8000 || rate > 192000) {
            throw new IllegalArgumentException("tempo " + tempo + " at " + rate + " Hz");
        }
        Loader.load(avfilter.class);
        this.rate = rate;
        graph = avfilter.avfilter_graph_alloc();
        source = new AVFilterContext();
        check(avfilter.avfilter_graph_create_filter(source, avfilter.avfilter_get_by_name("abuffer"), "in",
                "time_base=1/" + rate + ":sample_rate=" + rate + ":sample_fmt=flt:channel_layout=stereo", null, graph), "abuffer");
        AVFilterContext last = source;
        double left = tempo;
        int k = 0;
        while (Math.abs(left - 1) > 1e-9) {
            double step = Math.max(0.5, Math.min(2, left));
            AVFilterContext t = new AVFilterContext();
            check(avfilter.avfilter_graph_create_filter(t, avfilter.avfilter_get_by_name("atempo"), "tempo" + k++,
                    String.format(Locale.ROOT, "tempo=%.6f", step), null, graph), "atempo");
            check(avfilter.avfilter_link(last, 0, t, 0), "link");
            last = t;
            left /= step;
        }
        AVFilterContext format = new AVFilterContext();
        check(avfilter.avfilter_graph_create_filter(format, avfilter.avfilter_get_by_name("aformat"), "fmt",
                "sample_fmts=flt:channel_layouts=stereo:sample_rates=" + rate, null, graph), "aformat");
        check(avfilter.avfilter_link(last, 0, format, 0), "link");
        sink = new AVFilterContext();
        check(avfilter.avfilter_graph_create_filter(sink, avfilter.avfilter_get_by_name("abuffersink"), "out", null, null, graph),
                "abuffersink");
        check(avfilter.avfilter_link(format, 0, sink, 0), "link");
        check(avfilter.avfilter_graph_config(graph, null), "configure");
    }

    /** Where stretched samples go (interleaved stereo). */
    public interface Sink {
        void accept(float[] interleaved, int frames);
    }

    /** Feeds {@code frames} stereo samples; whatever the filter has ready goes to {@code to}. */
    public void push(float[] interleaved, int frames, Sink to) {
        avutil.av_frame_unref(in);
        in.format(avutil.AV_SAMPLE_FMT_FLT);
        in.sample_rate(rate);
        in.nb_samples(frames);
        avutil.av_channel_layout_default(in.ch_layout(), 2);
        check(avutil.av_frame_get_buffer(in, 0), "frame");
        new FloatPointer(in.data(0)).put(interleaved, 0, frames * 2);
        in.pts(pts);
        pts += frames;
        check(avfilter.av_buffersrc_add_frame_flags(source, in, 0), "push");
        drain(to);
    }

    /** Ends the input and hands on the last samples. */
    public void finish(Sink to) {
        check(avfilter.av_buffersrc_add_frame_flags(source, null, 0), "flush");
        drain(to);
    }

    private float[] buf = new float[0];

    private void drain(Sink to) {
        while (avfilter.av_buffersink_get_frame(sink, out) >= 0) {
            int n = out.nb_samples();
            if (buf.length < 2 * n) {
                buf = new float[2 * n];
            }
            new FloatPointer(out.data(0)).get(buf, 0, 2 * n);
            avutil.av_frame_unref(out);
            to.accept(buf, n);
        }
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new MediaException("The sound could not be stretched (FFmpeg's atempo filter failed at " + what + ").",
                    FFmpegErrors.describe(rc), null);
        }
    }

    /**
     * Writes the sound of {@code source} at {@code tempo} (0.5: twice as long) to {@code target} (AAC in .m4a or
     * FLAC in .mka, by extension). False when the source has no sound.
     */
    public static boolean stretchFile(Path source, Path target, double tempo, CancellationToken cancel) {
        int rate = AudioPlayback.RATE;
        AudioCodec codec = target.getFileName().toString().endsWith(".mka") ? AudioCodec.FLAC : AudioCodec.AAC;
        try (AudioReader r = AudioReader.open(source, rate)) {
            if (!r.hasAudio()) {
                return false;
            }
            try (AudioTempo t = new AudioTempo(rate, tempo);
                 AudioFileWriter w = AudioFileWriter.open(target, codec, rate, 192_000, true, List.of(source))) {
                float[] block = new float[4096 * AudioReader.CHANNELS];
                int n;
                while ((n = r.read(block, 4096)) > 0) {
                    cancel.check();
                    t.push(block, n, w::write);
                }
                t.finish(w::write);
                w.finish();
            }
            return true;
        }
    }

    @Override
    public void close() {
        avutil.av_frame_free(in);
        avutil.av_frame_free(out);
        avfilter.avfilter_graph_free(graph);
    }
}
