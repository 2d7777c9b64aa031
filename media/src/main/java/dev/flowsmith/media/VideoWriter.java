package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.util.List;

/**
 * Encodes the engine's float RGB frames into a new file. Each frame is written at its own
 * timestamp (rescaled from the frame's time base to the writer's), so variable-frame-rate video
 * stays in sync. The file appears at the target only after {@link #finish()}; closing without it
 * (failure, cancel) removes the temp file and leaves the target untouched.
 */
public final class VideoWriter implements AutoCloseable {
    /**
     * @param timeBase  clock of the output timestamps; use the source stream's to keep them exact
     * @param frameRate nominal rate (rate-control hint and container metadata)
     * @param color     colour tags to write (null: unspecified)
     * @param inputs    files this output must never replace
     */
    public record Config(EncoderSettings settings, int width, int height, Rational timeBase, Rational frameRate,
                         ColorInfo color, boolean overwrite, List<Path> inputs) {
        /** Same clock, rate and colour tags as a source stream, display-oriented size. */
        public static Config like(VideoStreamInfo source, EncoderSettings settings, boolean overwrite, Path sourcePath) {
            return new Config(settings, source.displayWidth(), source.displayHeight(), source.timeBase(),
                    source.avgFrameRate().isKnown() ? source.avgFrameRate() : source.realFrameRate(), source.color(),
                    overwrite, List.of(sourcePath));
        }
    }

    private final AtomicOutput atomic;
    private final MediaOutput out;
    private final VideoEncoder encoder;
    private final PlanarFloatConverter converter = new PlanarFloatConverter(0);
    private final AVFrame frame;
    private final Config config;
    private long frames;

    private VideoWriter(Path target, Config config) {
        this.config = config;
        atomic = AtomicOutput.create(target, config.overwrite(), config.inputs());
        MediaOutput o = null;
        VideoEncoder e = null;
        try {
            o = new MediaOutput(atomic);
            e = new VideoEncoder(config.settings(), config.width(), config.height(), config.timeBase(),
                    config.frameRate(), config.color(), o.wantsGlobalHeader(), target);
            if (!o.accepts(e.context().codec_id())) {
                throw new UnsupportedMediaException("The container of '" + target.getFileName() + "' cannot hold "
                        + config.settings().codec() + " video; try .mkv or .mov.", "avformat_query_codec");
            }
            o.addEncodedStream(e.context());
            o.writeHeader();
        } catch (RuntimeException ex) {
            if (e != null) {
                e.close();
            }
            if (o != null) {
                o.close();
            }
            converter.close();
            atomic.close();
            throw ex;
        }
        out = o;
        encoder = e;
        frame = encoder.newFrame();
    }

    public static VideoWriter open(Path target, Config config) {
        return new VideoWriter(target, config);
    }

    /** Encodes one frame (its size must be the configured one) at its own timestamp. */
    public void write(VideoFrame f) {
        if (f.width() != config.width() || f.height() != config.height()) {
            throw new IllegalArgumentException("frame is " + f.width() + "x" + f.height() + ", writer expects "
                    + config.width() + "x" + config.height());
        }
        converter.fromFloat(f.data(), f.width(), f.height(), frame);
        long pts = f.timeBase().equals(config.timeBase()) ? f.pts()
                : avutil.av_rescale_q(f.pts(), f.timeBase().toAv(), config.timeBase().toAv());
        AVRational tb = encoder.context().time_base();
        encoder.encode(frame, pts, pkt -> out.write(pkt, tb, 0));
        frames++;
    }

    public long framesWritten() {
        return frames;
    }

    /** Flushes the encoder, finishes the container and moves the file to its target. */
    public Path finish() {
        AVRational tb = encoder.context().time_base();
        encoder.encode(null, 0, pkt -> out.write(pkt, tb, 0));
        out.finish();
        atomic.commit();
        return atomic.target();
    }

    /** Without {@link #finish()}: abandons the output (temp file removed, target untouched). */
    @Override
    public void close() {
        avutil.av_frame_free(frame);
        converter.close();
        encoder.close();
        out.close();
        atomic.close();
    }
}
