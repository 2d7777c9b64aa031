package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.KeyframeIndex;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoRangeCopier;
import dev.flowsmith.media.VideoWriter;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Makes one video segment of a render: a piece copied as packets, or a chunk of a piece decoded,
 * fitted to the project's frame and encoded, each frame at its timeline time. Timeline frame k of a
 * piece shows the source frame on screen at {@code sourceIn + k / rate} (frames repeat or drop when
 * the source's rate differs); composite pieces are drawn by the {@link Compositor}. Keeps readers
 * open, so consecutive chunks of a piece decode on.
 */
final class SegmentRenderer implements AutoCloseable {
    private final Project project;
    private final RenderPlan plan;
    private final EncoderSettings encoder;
    private final List<Path> inputs;
    private final FrameFitter fitter = new FrameFitter();
    private final VideoFrame out;
    private final SourceFrames sources;
    private final Compositor compositor;

    SegmentRenderer(Project project, RenderPlan plan, EncoderSettings encoder, List<Path> inputs) {
        this.project = project;
        this.plan = plan;
        this.encoder = encoder;
        this.inputs = inputs;
        this.out = new VideoFrame(project.settings().width(), project.settings().height());
        this.sources = new SourceFrames((m, micros) -> {
            KeyframeIndex idx = plan.indexes().computeIfAbsent(m.id(), id -> KeyframeIndex.scan(m.path()));
            return Math.min(idx.frameAt(micros), idx.frameCount() - 1);
        });
        this.compositor = new Compositor(project);
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
                long t = v.start() + k;
                if (v.composite()) {
                    compositor.compose(t, sources, out);
                } else if (v.isGap()) {
                    out.resize(w, h);
                    java.util.Arrays.fill(out.data(), 0f);
                } else {
                    fitter.fit(sources.frameAt(v.media(), v.sourceIn() + project.rate().micros(k)), out, w, h);
                }
                out.setPosition(t, t, tb);
                writer.write(out);
                progress.accept(k - offset + 1);
            }
            writer.finish();
        }
    }

    @Override
    public void close() {
        sources.close();
    }
}
