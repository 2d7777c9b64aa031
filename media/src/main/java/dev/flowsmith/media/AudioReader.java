package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.file.Path;

/**
 * The sound of a file's main audio stream as interleaved stereo float samples at one sample rate
 * (FFmpeg decoder + swresample), addressed by sample index on the file's own clock: sample 0 is the
 * moment of the first video frame (or of the audio's start in a file without video), so picture and
 * sound of a file stay in sync however the streams start. {@link #seek(long)} is exact to the sample;
 * stretches where the file has no sound (audio starting late) read as silence.
 */
public final class AudioReader implements SoundSource {
    public static final int CHANNELS = 2;
    private final MediaInput in;
    private final int stream;
    private final int rate;
    private final long originMicros;
    private StreamDecoder decoder;
    private SwrContext swr;
    private final AVFrame frame = avutil.av_frame_alloc();
    private FloatPointer native1 = new FloatPointer(0);
    private final PointerPointer<FloatPointer> outPlanes = new PointerPointer<>(1);
    // decoded samples not yet returned: pending[pendingOff ..] start at sample index pendingPos
    private float[] pending = new float[8192];
    private int pendingOff, pendingLen;
    private long pendingPos;
    private long position;
    private long decodedPos = Long.MIN_VALUE; // where the next decoded sample goes; MIN: sync on the next frame's time
    private boolean ended;

    private AudioReader(MediaInput in, int rate) {
        this.in = in;
        this.rate = rate;
        int s = avformat.av_find_best_stream(in.context(), avutil.AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
        this.stream = s;
        int v = in.bestVideoStream();
        AVStream clock = in.stream(v >= 0 ? v : Math.max(s, 0));
        long start = clock.start_time() == avutil.AV_NOPTS_VALUE ? 0 : clock.start_time();
        originMicros = avutil.av_rescale_q(start, clock.time_base(), avutil.av_make_q(1, 1_000_000));
        if (s >= 0) {
            decoder = new StreamDecoder(in, s, 1, "audio");
            openResampler();
        }
    }

    /** Opens {@code path}; a file without sound opens too ({@link #hasAudio()} false, reads return nothing). */
    public static AudioReader open(Path path, int sampleRate) {
        MediaInput in = MediaInput.open(path);
        try {
            Loader.load(swresample.class);
            return new AudioReader(in, sampleRate);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public boolean hasAudio() {
        return stream >= 0;
    }

    public int sampleRate() {
        return rate;
    }

    /** Index of the next sample {@link #read} returns. */
    public long position() {
        return position;
    }

    private void openResampler() {
        var ctx = decoder.context();
        AVChannelLayout out = new AVChannelLayout();
        avutil.av_channel_layout_default(out, CHANNELS);
        AVChannelLayout inLayout = ctx.ch_layout();
        if (inLayout.nb_channels() <= 0 || inLayout.order() == avutil.AV_CHANNEL_ORDER_UNSPEC) {
            inLayout = new AVChannelLayout();
            avutil.av_channel_layout_default(inLayout, Math.max(1, ctx.ch_layout().nb_channels()));
        }
        swr = new SwrContext(null);
        int ret = swresample.swr_alloc_set_opts2(swr, out, avutil.AV_SAMPLE_FMT_FLT, rate, inLayout, ctx.sample_fmt(),
                ctx.sample_rate(), 0, null);
        if (ret < 0 || (ret = swresample.swr_init(swr)) < 0) {
            throw FFmpegErrors.reading(in.path(), ret, "setting up audio resampling");
        }
    }

    /** Makes sample {@code sampleIndex} the next one {@link #read} returns. */
    public void seek(long sampleIndex) {
        position = Math.max(0, sampleIndex);
        pendingLen = 0;
        ended = false;
        if (!hasAudio()) {
            ended = true;
            return;
        }
        AVStream st = in.stream(stream);
        // a little earlier, so the decoder has its pre-roll before the wanted sample
        long micros = originMicros + position * 1_000_000L / rate - 100_000;
        in.seekBackward(stream, avutil.av_rescale_q(micros, avutil.av_make_q(1, 1_000_000), st.time_base()));
        decoder.flush();
        swresample.swr_close(swr);
        swresample.swr_init(swr);
        decodedPos = Long.MIN_VALUE;
    }

    /**
     * Reads up to {@code frames} stereo samples into {@code out} (interleaved L R). Returns how many;
     * fewer than asked only at the end of the sound.
     */
    public int read(float[] out, int frames) {
        int filled = 0;
        while (filled < frames) {
            if (pendingLen == 0) {
                if (ended || !hasAudio() || !decodeMore()) {
                    break;
                }
                continue;
            }
            if (position < pendingPos) { // the file has no sound here yet
                int n = (int) Math.min(pendingPos - position, frames - filled);
                java.util.Arrays.fill(out, filled * CHANNELS, (filled + n) * CHANNELS, 0f);
                filled += n;
                position += n;
                continue;
            }
            long skip = position - pendingPos;
            if (skip >= pendingLen) {
                pendingLen = 0;
                continue;
            }
            pendingOff += (int) skip;
            pendingLen -= (int) skip;
            pendingPos = position;
            int n = Math.min(pendingLen, frames - filled);
            System.arraycopy(pending, pendingOff * CHANNELS, out, filled * CHANNELS, n * CHANNELS);
            pendingOff += n;
            pendingLen -= n;
            pendingPos += n;
            filled += n;
            position += n;
        }
        return filled;
    }

    /** Decodes and resamples one more frame into the pending buffer; false at the end (after the resampler's tail). */
    private boolean decodeMore() {
        boolean got = decoder.next(frame);
        int inSamples = got ? frame.nb_samples() : 0;
        if (got && decodedPos == Long.MIN_VALUE) {
            long pts = frame.best_effort_timestamp();
            if (pts == avutil.AV_NOPTS_VALUE) {
                pts = in.stream(stream).start_time() == avutil.AV_NOPTS_VALUE ? 0 : in.stream(stream).start_time();
            }
            AVRational tb = in.stream(stream).time_base(), us = avutil.av_make_q(1, 1_000_000);
            long micros = avutil.av_rescale_q(pts, tb, us) - originMicros;
            long frameMicros = Math.round(frame.nb_samples() * 1e6 / decoder.context().sample_rate());
            long durMicros = frame.duration() > 0 ? avutil.av_rescale_q(frame.duration(), tb, us) : frameMicros;
            // a first frame that lasts less than its samples starts with encoder priming (MP4 edit list):
            // its valid sound is at the end, so anchor the frame's end, and the priming falls before zero
            micros += durMicros - frameMicros;
            decodedPos = Math.round(micros * (double) rate / 1e6);
        }
        int cap = swresample.swr_get_out_samples(swr, inSamples) + 32;
        if (native1.capacity() < (long) cap * CHANNELS) {
            native1.close();
            native1 = new FloatPointer((long) cap * CHANNELS);
        }
        outPlanes.put(0, native1); // (new PointerPointer(p) would cast p itself to a pointer array)
        int n = swresample.swr_convert(swr, outPlanes, cap,
                got ? frame.extended_data() : null, inSamples);
        if (n < 0) {
            throw FFmpegErrors.reading(in.path(), n, "resampling audio");
        }
        if (n > 0 && decodedPos != Long.MIN_VALUE) {
            if (pending.length < n * CHANNELS) {
                pending = new float[n * CHANNELS * 2];
            }
            native1.get(pending, 0, n * CHANNELS);
            pendingOff = 0;
            pendingLen = n;
            pendingPos = decodedPos;
            decodedPos += n;
        }
        if (!got && n == 0) {
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        avutil.av_frame_free(frame);
        native1.close();
        outPlanes.close();
        in.close();
    }
}
