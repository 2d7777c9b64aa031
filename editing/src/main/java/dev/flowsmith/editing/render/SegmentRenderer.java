package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.KeyframeIndex;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoRangeCopier;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoWriter;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Makes one video segment of a render: a piece copied as packets, or a chunk of a piece decoded,
 * fitted to the project's frame and encoded, each frame at its timeline time. Timeline frame k of a
 * piece shows the source frame on screen at {@code sourceIn + k / rate} (frames repeat or drop when
 * the source's rate differs). Keeps the last reader open, so consecutive chunks of a piece decode on.
 */
final class SegmentRenderer implements AutoCloseable {
    private final Project project;
    private final RenderPlan plan;
    private final EncoderSettings encoder;
    private final List<Path> inputs;
    private final FrameFitter fitter = new FrameFitter();
    private final VideoFrame out;
    private VideoReader reader;
    private String readerMedia;
    private VideoFrame current;

    SegmentRenderer(Project project, RenderPlan plan, EncoderSettings encoder, List<Path> inputs) {
        this.project = project;
        this.plan = plan;
        this.encoder = encoder;
        this.inputs = inputs;
        this.out = new VideoFrame(project.settings().width(), project.settings().height());
    }

    void copy(VideoPiece v, Path target) {
        KeyframeIndex idx = plan.indexes().get(v.media().id());
        VideoRangeCopier.copy(v.media().path(), idx, idx.frameAt(v.sourceIn()), (int) v.length(),
                project.rate().micros(v.start()), target);
    }

    /** Encodes frames [offset, offset + frames) of piece {@code v}; {@code progress} gets frames done. */
    void encode(VideoPiece v, long offset, long frames, Path target, CancellationToken cancel, LongConsumer progress) {
        FrameRate rate = project.rate();
        int w = project.settings().width(), h = project.settings().height();
        Rational tb = new Rational(rate.den(), rate.num()); // one tick per timeline frame
        VideoWriter.Config cfg = new VideoWriter.Config(encoder, w, h, tb, new Rational(rate.num(), rate.den()), null,
                true, inputs);
        try (VideoWriter writer = VideoWriter.open(target, cfg)) {
            for (long k = offset; k < offset + frames; k++) {
                cancel.check();
                if (v.isGap()) {
                    out.resize(w, h);
                    java.util.Arrays.fill(out.data(), 0f);
                } else {
                    fitter.fit(sourceFrame(v, k), out, w, h);
                }
                long t = v.start() + k;
                out.setPosition(t, t, tb);
                writer.write(out);
                progress.accept(k - offset + 1);
            }
            writer.finish();
        }
    }

    private VideoFrame sourceFrame(VideoPiece v, long k) {
        KeyframeIndex idx = plan.indexes().get(v.media().id());
        int want = idx.frameAt(v.sourceIn() + project.rate().micros(k));
        want = Math.min(want, idx.frameCount() - 1);
        if (reader == null || !v.media().id().equals(readerMedia)) {
            close();
            reader = VideoReader.open(v.media().path());
            readerMedia = v.media().id();
            current = null;
        }
        if (current != null && current.index() == want) {
            return current; // a repeated frame (source slower than the timeline)
        }
        if (current == null || want < current.index() || want > current.index() + 8) {
            reader.seek(want);
        }
        do {
            current = reader.read();
            if (current == null) {
                throw new dev.flowsmith.media.CorruptMediaException("'" + v.media().name() + "' ended before frame "
                        + want + ".", "short read");
            }
        } while (current.index() < want);
        return current;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
