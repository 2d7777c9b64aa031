package dev.flowsmith.ui.viewer;

import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.render.Compositor;
import dev.flowsmith.editing.render.SourceFrames;
import dev.flowsmith.media.PreviewImage;
import dev.flowsmith.media.VideoFrame;

/**
 * Composited timeline frames for the viewer (layers, titles, fades, transitions, speed, transforms),
 * drawn by the render's own {@link Compositor} at about the preview's size, so what is seen is what
 * exports. Keeps its sources open between frames; a new project (an edit) gets a new compositor.
 * Worker thread only.
 */
final class TimelinePreview {
    private Project project;
    private Compositor compositor;
    private SourceFrames sources = new SourceFrames(SourceFrames.NOMINAL);
    private final VideoFrame frame = new VideoFrame();
    private int width, height;

    PreviewImage frame(Project p, long index, int maxWidth, int maxHeight) {
        int pw = p.settings().width(), ph = p.settings().height();
        double s = Math.min(1, Math.min((double) maxWidth / pw, (double) maxHeight / ph));
        int w = Math.max(2, (int) Math.round(pw * s)), h = Math.max(2, (int) Math.round(ph * s));
        if (p != project || compositor == null || w != width || h != height) {
            width = w;
            height = h;
            if (project != null && !project.media().equals(p.media())) {
                sources.close(); // relinked or re-imported media: read the files anew
                sources = new SourceFrames(SourceFrames.NOMINAL);
            }
            project = p;
            compositor = new Compositor(p, w, h);
        }
        compositor.compose(index, sources, frame);
        return PreviewImage.of(frame, maxWidth, maxHeight, index);
    }
}
