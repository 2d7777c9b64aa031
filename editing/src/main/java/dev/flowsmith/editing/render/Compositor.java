package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.Transform;
import dev.flowsmith.media.VideoFrame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Draws a timeline frame from its {@link LayerStack}: black, then each layer over what is below,
 * {@code out = out x (1 - a) + layer x a} per pixel (a = the layer's opacity times its pixel's alpha),
 * in the sources' RGB as FFmpeg's overlay does. A source picture is cropped, fitted to the frame
 * (aspect kept, centred), scaled about the frame's centre, rotated clockwise and moved; outside it the
 * layer is transparent. Sampling is bilinear at pixel centres. Titles are drawn once per text and size.
 */
public final class Compositor {
    private final Project project;
    private final int width, height;
    private final FrameFitter fitter = new FrameFitter();
    private final VideoFrame fitted = new VideoFrame();
    private final Map<Long, TitleRaster> titles = new HashMap<>();

    /** Output scale against the project's size (positions, title sizes and outlines are in project pixels). */
    private final double k;

    public Compositor(Project project) {
        this(project, project.settings().width(), project.settings().height());
    }

    /** Composes at {@code width x height} instead of the project's size (a preview), everything scaled to match. */
    public Compositor(Project project, int width, int height) {
        this.project = project;
        this.width = width;
        this.height = height;
        this.k = (double) width / project.settings().width();
    }

    /** Timeline frame {@code frame} into {@code out} (resized to the project's size). */
    public void compose(long frame, SourceFrames sources, VideoFrame out) {
        out.resize(width, height);
        float[] o = out.data();
        java.util.Arrays.fill(o, 0f);
        List<Layer> layers = LayerStack.at(project, frame);
        for (Layer l : layers) {
            if (l.media() == null) {
                drawTitle(l, o);
            } else {
                drawPicture(l, sources.frameAt(l.media(), l.sourceMicros()), o);
            }
        }
    }

    private void drawTitle(Layer l, float[] o) {
        Clip c = l.clip();
        TitleRaster r = titles.get(c.id());
        TitleSpec spec = c.style().title();
        if (k != 1) {
            spec = new TitleSpec(spec.text(), spec.font(), Math.max(4, spec.size() * k), spec.colour(), spec.outlineColour(),
                    spec.outlineWidth() * k, spec.x(), spec.y());
        }
        if (r == null || !r.matches(spec, width, height)) {
            r = TitleRaster.draw(spec, width, height);
            titles.put(c.id(), r);
        }
        float[] t = r.rgba();
        int n = width * height;
        float alpha = (float) l.alpha();
        for (int i = 0; i < n; i++) {
            float a = t[3 * n + i] * alpha;
            if (a > 0) {
                for (int ch = 0; ch < 3; ch++) {
                    int j = ch * n + i;
                    o[j] = o[j] * (1 - a) + t[j] * a;
                }
            }
        }
    }

    private void drawPicture(Layer l, VideoFrame src, float[] o) {
        Transform t = l.clip().style().transform();
        float a = (float) l.alpha();
        if (t.isIdentity()) {
            // the common case: fitted and centred, as a clip of another size always was
            fitter.fit(src, fitted, width, height);
            blendFitted(src, a, o);
            return;
        }
        int sw = src.width(), sh = src.height();
        // crops are in source pixels, whatever size the source was decoded at
        int cl = Math.min(t.cropLeft(), sw - 1), ct = Math.min(t.cropTop(), sh - 1);
        int cw = Math.max(1, sw - cl - t.cropRight()), ch = Math.max(1, sh - ct - t.cropBottom());
        double s = Math.min((double) width / cw, (double) height / ch) * t.scale();
        double rad = Math.toRadians(t.rotation()), cos = Math.cos(rad), sin = Math.sin(rad);
        double cx = width / 2.0 + t.x() * k, cy = height / 2.0 + t.y() * k;
        double scx = cl + cw / 2.0, scy = ct + ch / 2.0;
        float[] in = src.data();
        int n = width * height, sn = sw * sh;
        IntStream rows = IntStream.range(0, height);
        (n > 200_000 ? rows.parallel() : rows).forEach(y -> {
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                double u = (dx * cos + dy * sin) / s + scx, v = (-dx * sin + dy * cos) / s + scy;
                if (u < cl || u >= cl + cw || v < ct || v >= ct + ch) {
                    continue;
                }
                double fx = Math.max(cl, Math.min(cl + cw - 1, u - 0.5)), fy = Math.max(ct, Math.min(ct + ch - 1, v - 0.5));
                int x0 = (int) fx, y0 = (int) fy;
                int x1 = Math.min(x0 + 1, cl + cw - 1), y1 = Math.min(y0 + 1, ct + ch - 1);
                float wx = (float) (fx - x0), wy = (float) (fy - y0);
                int i = y * width + x;
                for (int c = 0; c < 3; c++) {
                    int base = c * sn;
                    float top = in[base + y0 * sw + x0] * (1 - wx) + in[base + y0 * sw + x1] * wx;
                    float bot = in[base + y1 * sw + x0] * (1 - wx) + in[base + y1 * sw + x1] * wx;
                    float val = top * (1 - wy) + bot * wy;
                    o[c * n + i] = o[c * n + i] * (1 - a) + val * a;
                }
            }
        });
    }

    /** Blends the fitted picture; only its own rectangle (the bars around it are transparent). */
    private void blendFitted(VideoFrame src, float a, float[] o) {
        double scale = Math.min((double) width / src.width(), (double) height / src.height());
        int w = Math.min(width, Math.max(1, (int) Math.round(src.width() * scale)));
        int h = Math.min(height, Math.max(1, (int) Math.round(src.height() * scale)));
        int x0 = (width - w) / 2, y0 = (height - h) / 2;
        float[] f = fitted.data();
        int n = width * height;
        for (int c = 0; c < 3; c++) {
            for (int y = y0; y < y0 + h; y++) {
                int row = c * n + y * width;
                for (int x = x0; x < x0 + w; x++) {
                    o[row + x] = a == 1 ? f[row + x] : o[row + x] * (1 - a) + f[row + x] * a;
                }
            }
        }
    }
}
