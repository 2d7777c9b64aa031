package dev.flowsmith.ui.timeline;

import dev.flowsmith.ui.common.Theme;
import dev.flowsmith.ui.common.WaveformCache;

import dev.flowsmith.editing.command.EditCommand;
import dev.flowsmith.editing.command.EditException;
import dev.flowsmith.editing.command.MoveClip;
import dev.flowsmith.editing.command.Snapper;
import dev.flowsmith.editing.command.Trim;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import javafx.collections.SetChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SkinBase;
import javafx.scene.image.Image;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.flowsmith.ui.timeline.TimelineView.EDGE;
import static dev.flowsmith.ui.timeline.TimelineView.HEADER;
import static dev.flowsmith.ui.timeline.TimelineView.ROW_GAP;
import static dev.flowsmith.ui.timeline.TimelineView.RULER;

/**
 * Draws the timeline on one canvas the size of the visible area (never the whole timeline), so a
 * project of thousands of clips costs only the clips on screen: each row finds its first visible clip
 * by binary search. Mouse gestures preview their edit by applying the real command to the immutable
 * project, so what is drawn while dragging is exactly what a release commits (one undo step).
 */
final class TimelineSkin extends SkinBase<TimelineView> {
    private static final Color VIDEO = Color.web("#3b6ea8"), AUDIO = Color.web("#3f8a5c"), SELECTED = Color.web("#f2c14e"),
            CLIP_TEXT = Color.web("#f4f4f4"), PLAYHEAD = Color.web("#ff4d4d"), INVALID = Color.web("#d9534f", 0.6),
            TITLE = Color.web("#7d5ba6"), FADE = Color.web("#ffffff", 0.85);
    /** Size of a fade handle, and how near (px) a press must be to grab one. */
    static final double HANDLE = 7;
    /** Background, track row, header and text colours of the light and dark themes (the canvas is not styled by CSS). */
    private record Palette(Color bg, Color row, Color header, Color text) {
        static final Palette DARK = new Palette(Color.web("#1e2126"), Color.web("#272b31"), Color.web("#2f343b"), Color.web("#e8e8e8"));
        static final Palette LIGHT = new Palette(Color.web("#f3f4f6"), Color.web("#e4e7eb"), Color.web("#d5d9df"), Color.web("#1f2328"));
    }
    private Palette palette = Palette.DARK;
    private static final double BAR = 14;
    /** Below this width (px) a clip gets no border, picture or name: it joins a bar with its neighbours. */
    private static final double DETAIL_PX = 4;
    private static final Font NAME_FONT = Font.font(11);
    private static final double NAME_CHAR_PX = 6.5; // average advance of NAME_FONT, to cut names without measuring
    private final Canvas canvas = new Canvas();
    private final ScrollBar bar = new ScrollBar();
    private final TimelineModel model;
    private boolean dirty = true;
    private boolean syncingBar;
    private Gesture gesture;

    /** A mouse drag in progress: what it grabbed and the edit it would make now. */
    private static final class Gesture {
        enum Kind { SCRUB, MOVE, TRIM, FADE_IN, FADE_OUT, TRANSITION }

        Kind kind;
        Clip clip;
        Trim.Edge edge;
        double startX;
        EditCommand command;
        Project preview;
        boolean invalid;
    }

    TimelineSkin(TimelineView view) {
        super(view);
        model = view.model();
        bar.setOrientation(Orientation.HORIZONTAL);
        bar.setId("timelineScroll");
        bar.setAccessibleText("Scroll the timeline");
        getChildren().addAll(canvas, bar);
        model.projectProperty().addListener((o, a, b) -> requestRedraw());
        palette = Theme.currentProperty().get() == Theme.LIGHT ? Palette.LIGHT : Palette.DARK;
        Theme.currentProperty().addListener((o, a, b) -> {
            palette = b == Theme.LIGHT ? Palette.LIGHT : Palette.DARK;
            requestRedraw();
        });
        model.playheadProperty().addListener((o, a, b) -> requestRedraw());
        model.zoomProperty().addListener((o, a, b) -> requestRedraw());
        model.scrollProperty().addListener((o, a, b) -> requestRedraw());
        model.selection().addListener((SetChangeListener<Long>) c -> requestRedraw());
        model.keyframes().addListener((javafx.collections.MapChangeListener<java.nio.file.Path, int[]>) c -> requestRedraw());
        bar.valueProperty().addListener((o, a, b) -> {
            if (!syncingBar) {
                model.scrollProperty().set(b.doubleValue());
            }
        });
        canvas.setOnMousePressed(this::pressed);
        canvas.setOnMouseDragged(this::dragged);
        canvas.setOnMouseReleased(this::released);
        canvas.setOnScroll(this::scrolled);
    }

    void requestRedraw() {
        dirty = true;
        getSkinnable().requestLayout();
    }

    /*
     * The canvas is sized to the layout, so the default (children's bounds) would make the canvas's last width the
     * control's minimum: one wide layout and the window could never shrink again (it held the studio at 1280 px).
     */
    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return HEADER + 120 + left + right;
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return HEADER + 700 + left + right;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        // every row: the timeline sits in a scroll pane that scrolls vertically when there are more tracks than room
        double rows = 0;
        for (Track t : TimelineView.rows(model.project())) {
            rows += TimelineView.rowHeight(t) + ROW_GAP;
        }
        return RULER + rows + BAR + top + bottom;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double ch = Math.max(0, h - BAR);
        if (canvas.getWidth() != w || canvas.getHeight() != ch) {
            canvas.setWidth(w);
            canvas.setHeight(ch);
            dirty = true;
        }
        canvas.relocate(x, y);
        bar.resizeRelocate(x + HEADER, y + ch, Math.max(0, w - HEADER), BAR);
        syncBar();
        if (dirty) {
            dirty = false;
            draw();
        }
    }

    private void syncBar() {
        double visible = getSkinnable().framesWidth() / model.zoomProperty().get();
        double total = Math.max(model.project().duration() * 1.1 + visible * 0.5, visible);
        syncingBar = true;
        bar.setMin(0);
        bar.setMax(Math.max(0, total - visible));
        bar.setVisibleAmount(visible);
        bar.setUnitIncrement(Math.max(1, visible / 20));
        bar.setBlockIncrement(Math.max(1, visible * 0.8));
        bar.setValue(Math.min(bar.getMax(), model.scrollProperty().get()));
        syncingBar = false;
    }

    // ---- drawing ----

    private void draw() {
        TimelineView v = getSkinnable();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(palette.bg());
        g.fillRect(0, 0, w, h);
        Project p = gesture != null && gesture.preview != null ? gesture.preview : model.project();
        drawRuler(g, p.rate(), w);
        double y = RULER;
        Set<Long> highlighted = gesture != null && gesture.clip != null && gesture.kind != Gesture.Kind.SCRUB
                ? p.hasClip(gesture.clip.id()) ? p.group(gesture.clip.id()).stream().map(Clip::id).collect(Collectors.toSet()) : Set.of()
                : Set.of();
        for (Track t : TimelineView.rows(p)) {
            double rh = TimelineView.rowHeight(t);
            g.setFill(palette.row());
            g.fillRect(HEADER, y, w - HEADER, rh);
            drawClips(g, p, t, y, rh, w, highlighted);
            drawHeader(g, t, y, rh);
            y += rh + ROW_GAP;
        }
        if (gesture != null && gesture.invalid && gesture.clip != null) {
            drawInvalidGhost(g);
        }
        double px = v.xOf(model.playheadProperty().get());
        if (px >= HEADER && px <= w) {
            g.setStroke(PLAYHEAD);
            g.setLineWidth(1.5);
            g.strokeLine(px, 0, px, h);
            g.setFill(PLAYHEAD);
            g.fillPolygon(new double[]{px - 6, px + 6, px}, new double[]{0, 0, 10}, 3);
        }
    }

    /** Name and switches (H hide, M mute, S solo, L lock; lit when on); a hidden or muted row is dimmed. */
    private void drawHeader(GraphicsContext g, Track t, double y, double rh) {
        g.setFill(palette.header());
        g.fillRect(0, y, HEADER - 2, rh);
        g.setFill(palette.text());
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(fit(t.name(), HEADER - 14), 8, y + 4);
        g.setFont(Font.font(10));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (String sw : TimelineView.switches(t)) {
            var b = getSkinnable().switchBounds(t.id(), sw);
            boolean on = switchOn(t, sw);
            g.setFill(on ? SWITCH_ON.get(sw) : palette.row());
            g.fillRoundRect(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight(), 4, 4);
            g.setFill(on ? Color.BLACK : palette.text());
            g.fillText(sw.substring(0, 1).toUpperCase(java.util.Locale.ROOT), b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
        }
        if (t.hidden() || t.muted()) {
            g.setFill(palette.bg().deriveColor(0, 1, 1, 0.55));
            g.fillRect(HEADER, y, canvas.getWidth() - HEADER, rh);
        }
    }

    static boolean switchOn(Track t, String sw) {
        return switch (sw) {
            case "hide" -> t.hidden();
            case "mute" -> t.muted();
            case "solo" -> t.solo();
            default -> t.locked();
        };
    }

    private static final java.util.Map<String, Color> SWITCH_ON = java.util.Map.of("hide", Color.web("#9aa4b1"), "mute",
            Color.web("#e0a030"), "solo", Color.web("#f2c14e"), "lock", Color.web("#d9534f"));

    private void drawRuler(GraphicsContext g, FrameRate rate, double w) {
        TimelineView v = getSkinnable();
        g.setFill(palette.header());
        g.fillRect(0, 0, w, RULER);
        double zoom = model.zoomProperty().get();
        long step = tickStep(rate, zoom);
        long first = (long) Math.floor(v.frameAt(HEADER) / step) * step;
        g.setStroke(palette.text().deriveColor(0, 1, 1, 0.5));
        g.setFill(palette.text());
        g.setFont(Font.font(10));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setLineWidth(1);
        for (long f = Math.max(0, first); ; f += step) {
            double x = v.xOf(f);
            if (x > w) {
                break;
            }
            if (x >= HEADER) {
                g.strokeLine(x, RULER - 10, x, RULER);
                g.fillText(rate.timecode(f), x + 3, 3);
            }
            double minor = step * zoom / 5;
            if (minor >= 6) {
                for (int i = 1; i < 5; i++) {
                    double mx = x + i * minor;
                    if (mx >= HEADER && mx <= w) {
                        g.strokeLine(mx, RULER - 4, mx, RULER);
                    }
                }
            }
        }
    }

    /** Frames between labelled ticks: the smallest "round" step that leaves ~100 px for a label. */
    static long tickStep(FrameRate rate, double zoom) {
        long fps = Math.max(1, Math.round(rate.fps()));
        long[] steps = {1, 2, 5, 10, fps, 2 * fps, 5 * fps, 10 * fps, 15 * fps, 30 * fps, 60 * fps, 120 * fps, 300 * fps,
                600 * fps, 900 * fps, 1800 * fps, 3600 * fps, 7200 * fps};
        for (long s : steps) {
            if (s * zoom >= 100) {
                return s;
            }
        }
        return steps[steps.length - 1];
    }

    private void drawClips(GraphicsContext g, Project p, Track t, double y, double rh, double w, Set<Long> highlighted) {
        TimelineView v = getSkinnable();
        List<Clip> clips = t.clips();
        double firstFrame = v.frameAt(HEADER), lastFrame = v.frameAt(w);
        int i = firstVisible(clips, firstFrame);
        Color fill = t.kind() == TrackKind.VIDEO ? VIDEO : AUDIO;
        double runX0 = -1, runX1 = -1; // neighbouring clips too narrow to tell apart are drawn as one bar
        for (; i < clips.size(); i++) {
            Clip c = clips.get(i);
            if (c.start() > lastFrame) {
                break;
            }
            double x0 = Math.max(HEADER, v.xOf(c.start())), x1 = Math.min(w, v.xOf(c.end()));
            boolean selected = model.selection().contains(c.id()) || highlighted.contains(c.id());
            if (x1 - x0 < DETAIL_PX && !selected) {
                if (runX1 >= 0 && x0 - runX1 > 1) {
                    flushRun(g, fill, runX0, runX1, y, rh);
                    runX0 = -1;
                }
                runX0 = runX0 < 0 ? x0 : runX0;
                runX1 = x1;
                continue;
            }
            if (runX0 >= 0) {
                flushRun(g, fill, runX0, runX1, y, rh);
                runX0 = runX1 = -1;
            }
            MediaRef m = c.isTitle() ? null : p.mediaRef(c.mediaId());
            g.setFill(c.isTitle() ? TITLE : fill);
            g.fillRect(x0, y + 1, Math.max(1, x1 - x0), rh - 2);
            if (c.isTitle() && x1 - x0 > 24) {
                g.setFill(CLIP_TEXT);
                g.setFont(NAME_FONT);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText(fit("T  " + c.style().title().text().replace('\n', ' '), x1 - x0 - 8), x0 + 4, y + 2);
            } else if (x1 - x0 > 24) {
                // no canvas clip(): every clip() costs a full-canvas mask; pictures and names are cut to fit instead
                if (t.kind() == TrackKind.VIDEO) {
                    drawThumbnails(g, p, c, m, x0, x1, y, rh);
                } else {
                    drawWaveform(g, p, c, m, x0, x1, y, rh);
                }
                g.setFill(CLIP_TEXT);
                g.setFont(NAME_FONT);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText(fit(m.name(), x1 - x0 - 8), x0 + 4, y + 2);
            }
            drawStyle(g, t, c, x0, x1, y, rh);
            g.setStroke(selected ? SELECTED : palette.bg());
            g.setLineWidth(selected ? 2 : 1);
            g.strokeRect(v.xOf(c.start()) + 0.5, y + 1.5, v.xOf(c.end()) - v.xOf(c.start()) - 1, rh - 3);
            int[] kfs = t.kind() == TrackKind.VIDEO && m != null ? model.keyframes().get(m.path()) : null;
            if (kfs != null) {
                g.setFill(SELECTED);
                for (long f : TimelineModel.keyframeFrames(p, c, kfs)) {
                    double kx = v.xOf(f);
                    g.fillPolygon(new double[]{kx - 4, kx + 4, kx}, new double[]{y + rh - 1, y + rh - 1, y + rh - 8}, 3);
                }
            }
        }
        if (runX0 >= 0) {
            flushRun(g, fill, runX0, runX1, y, rh);
        }
    }

    /**
     * What the clip's style does, on the clip: fade ramps with their drag handles at the top corners, the
     * transition as a cross over its frames, and badges for speed, reverse, gain and opacity.
     */
    private void drawStyle(GraphicsContext g, Track t, Clip c, double x0, double x1, double y, double rh) {
        TimelineView v = getSkinnable();
        double cs = v.xOf(c.start()), ce = v.xOf(c.end());
        if (ce - cs < 16) {
            return;
        }
        var st = c.style();
        g.setStroke(FADE);
        g.setLineWidth(1.5);
        double fi = v.xOf(c.start() + st.fadeIn()), fo = v.xOf(c.end() - st.fadeOut());
        if (st.fadeIn() > 0) {
            g.setFill(FADE.deriveColor(0, 1, 1, 0.25));
            g.fillPolygon(new double[]{cs, fi, cs}, new double[]{y + rh - 1, y + 1, y + 1}, 3);
            g.strokeLine(cs, y + rh - 1, fi, y + 1);
        }
        if (st.fadeOut() > 0) {
            g.setFill(FADE.deriveColor(0, 1, 1, 0.25));
            g.fillPolygon(new double[]{fo, ce, ce}, new double[]{y + 1, y + rh - 1, y + 1}, 3);
            g.strokeLine(fo, y + 1, ce, y + rh - 1);
        }
        if (st.transitionIn() > 0) {
            double te = v.xOf(c.start() + st.transitionIn());
            g.setStroke(SELECTED);
            g.strokeLine(cs, y + 1, te, y + rh - 1);
            g.strokeLine(cs, y + rh - 1, te, y + 1);
        }
        if (!st.volume().isEmpty()) {
            // the volume keyframes as a line: top of the clip is +24 dB, bottom -60 dB, 0 dB at the dashed level
            g.setStroke(SELECTED);
            g.setLineWidth(1.5);
            double prevX = -1, prevY = 0;
            for (var p : st.volume()) {
                double x = v.xOf(c.start() + p.frame());
                double yy = y + rh - 2 - (p.db() + 60) / 84 * (rh - 4);
                if (prevX < 0) {
                    g.strokeLine(cs, yy, x, yy);
                } else {
                    g.strokeLine(prevX, prevY, x, yy);
                }
                g.fillOval(x - 2.5, yy - 2.5, 5, 5);
                prevX = x;
                prevY = yy;
            }
            g.strokeLine(prevX, prevY, ce, prevY);
        }
        // the handles: where a drag changes the fade
        g.setFill(FADE);
        for (double hx : new double[]{fi, fo}) {
            if (hx >= x0 - HANDLE && hx <= x1 + HANDLE) {
                g.fillRect(hx - HANDLE / 2, y + 1, HANDLE, HANDLE);
            }
        }
        if (t.adjacentBefore(c).isPresent()) {
            // the transition handle: drag it right for a dissolve (crossfade) from the clip before
            double tx = v.xOf(c.start() + st.transitionIn());
            g.setFill(SELECTED);
            g.fillPolygon(new double[]{tx - HANDLE / 2, tx + HANDLE / 2, tx}, new double[]{y + rh - 1, y + rh - 1, y + rh - 1 - HANDLE}, 3);
        }
        StringBuilder badge = new StringBuilder();
        if (st.speed() != 1 || st.reverse()) {
            badge.append(st.reverse() ? "◀ " : "").append(trim(st.speed())).append("x ");
        }
        if (st.gainDb() != 0) {
            badge.append(st.gainDb() > 0 ? "+" : "").append(trim(st.gainDb())).append(" dB ");
        }
        if (st.opacity() != 1) {
            badge.append(Math.round(st.opacity() * 100)).append("% ");
        }
        if (badge.length() > 0 && x1 - x0 > 40) {
            g.setFill(CLIP_TEXT);
            g.setFont(Font.font(10));
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText(badge.toString().trim(), x1 - 4, y + rh - 2);
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    /** The name cut (with an ellipsis) to about {@code width} pixels. */
    static String fit(String name, double width) {
        int chars = (int) (width / NAME_CHAR_PX);
        if (name.length() <= chars) {
            return name;
        }
        return chars <= 1 ? "" : name.substring(0, chars - 1) + "…";
    }

    private static void flushRun(GraphicsContext g, Color fill, double x0, double x1, double y, double rh) {
        g.setFill(fill.darker());
        g.fillRect(x0, y + 1, Math.max(1, x1 - x0), rh - 2);
    }

    /** Index of the first clip that ends after {@code frame} (clips are sorted and do not overlap). */
    static int firstVisible(List<Clip> clips, double frame) {
        int lo = 0, hi = clips.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (clips.get(mid).end() <= frame) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void drawThumbnails(GraphicsContext g, Project p, Clip c, MediaRef m, double x0, double x1, double y, double rh) {
        TimelineView v = getSkinnable();
        double th = rh - 18, tw = th * 16 / 9;
        double clipX = v.xOf(c.start());
        double start = clipX + Math.floor(Math.max(0, x0 - clipX) / tw) * tw;
        for (double sx = start; sx < x1; sx += tw) {
            long frame = (long) Math.floor(v.frameAt(Math.max(sx, x0)));
            long micros = c.sourceAt(Math.max(0, Math.min(c.length() - 1, frame - c.start())), p.rate());
            Image img = v.thumbnails().get(m.path(), micros / 1_000_000, m.rate().fps());
            if (img != null) {
                // the part of the picture inside [x0, x1): crop the source rectangle to match
                double dx0 = Math.max(sx, x0), dx1 = Math.min(sx + tw, x1);
                double k = img.getWidth() / tw;
                g.drawImage(img, (dx0 - sx) * k, 0, (dx1 - dx0) * k, img.getHeight(), dx0, y + 16, dx1 - dx0, th);
            }
        }
    }

    private void drawWaveform(GraphicsContext g, Project p, Clip c, MediaRef m, double x0, double x1, double y, double rh) {
        float[] peaks = getSkinnable().waveforms().get(m.path());
        if (peaks == null || peaks.length == 0) {
            return;
        }
        TimelineView v = getSkinnable();
        double mid = y + rh / 2 + 6, half = (rh - 16) / 2;
        double perFrame = WaveformCache.PEAKS_PER_SECOND / p.rate().fps() * c.style().speed();
        double inPeaks = c.sourceIn() / 1e6 * WaveformCache.PEAKS_PER_SECOND;
        g.setStroke(CLIP_TEXT.deriveColor(0, 1, 1, 0.7));
        g.setLineWidth(1);
        for (double px = Math.floor(x0); px < x1; px++) {
            double f0 = v.frameAt(px) - c.start(), f1 = v.frameAt(px + 1) - c.start();
            int i0 = (int) Math.max(0, inPeaks + f0 * perFrame), i1 = (int) Math.min(peaks.length, inPeaks + f1 * perFrame + 1);
            float peak = 0;
            for (int i = i0; i < i1; i++) {
                peak = Math.max(peak, peaks[i]);
            }
            double level = loudness(peak);
            if (level > 0) {
                g.strokeLine(px + 0.5, mid - level * half, px + 0.5, mid + level * half);
            }
        }
    }

    /** Peak to bar height on a 60 dB scale, so quiet speech is visible as well as loud music. */
    static double loudness(float peak) {
        if (peak <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (20 * Math.log10(peak) + 60) / 60));
    }

    private void drawInvalidGhost(GraphicsContext g) {
        // a move that would overlap: show where the clip would go, in red, and nothing changes on release
        TimelineView v = getSkinnable();
        MoveClip mc = (MoveClip) gesture.command;
        long track = mc.toTrack() == 0 ? model.project().trackOf(gesture.clip.id()).id() : mc.toTrack();
        double y = v.rowTop(track);
        Track t = model.project().track(track);
        g.setFill(INVALID);
        g.fillRect(v.xOf(mc.newStart()), y + 1, gesture.clip.length() * model.zoomProperty().get(), TimelineView.rowHeight(t) - 2);
    }

    // ---- mouse ----

    private Track rowAt(double y) {
        double top = RULER;
        for (Track t : getSkinnable().rows()) {
            double rh = TimelineView.rowHeight(t);
            if (y >= top && y < top + rh) {
                return t;
            }
            top += rh + ROW_GAP;
        }
        return null;
    }

    private void pressed(MouseEvent e) {
        TimelineView v = getSkinnable();
        v.requestFocus();
        gesture = new Gesture();
        gesture.startX = e.getX();
        Track row = e.getY() < RULER ? null : rowAt(e.getY());
        if (row != null && e.getX() < HEADER) {
            gesture = null;
            headerPressed(row, e);
            return;
        }
        if (row == null) {
            gesture.kind = Gesture.Kind.SCRUB;
            scrubTo(e.getX());
            return;
        }
        Clip joined = transitionHandleAt(row, e.getX(), e.getY());
        if (joined != null) {
            gesture.clip = joined;
            gesture.kind = Gesture.Kind.TRANSITION;
            model.selection().clear();
            model.selection().add(joined.id());
            return;
        }
        Clip faded = fadeHandleAt(row, e.getX(), e.getY());
        if (faded != null) {
            gesture.clip = faded;
            gesture.kind = Math.abs(e.getX() - v.xOf(faded.start() + faded.style().fadeIn()))
                    <= Math.abs(e.getX() - v.xOf(faded.end() - faded.style().fadeOut())) ? Gesture.Kind.FADE_IN : Gesture.Kind.FADE_OUT;
            model.selection().clear();
            model.selection().add(faded.id());
            return;
        }
        Clip hit = null;
        Trim.Edge edge = null;
        for (double probe : new double[]{e.getX(), e.getX() - EDGE, e.getX() + EDGE}) {
            Clip c = row.clipAt((long) Math.floor(v.frameAt(probe))).orElse(null);
            if (c == null) {
                continue;
            }
            if (Math.abs(e.getX() - v.xOf(c.start())) <= EDGE) {
                hit = c;
                edge = Trim.Edge.IN;
                break;
            }
            if (Math.abs(e.getX() - v.xOf(c.end())) <= EDGE) {
                hit = c;
                edge = Trim.Edge.OUT;
                break;
            }
            if (probe == e.getX()) {
                hit = c;
            }
        }
        if (hit == null) {
            model.selection().clear();
            gesture.kind = Gesture.Kind.SCRUB;
            scrubTo(e.getX());
            return;
        }
        if (e.isShortcutDown()) {
            if (!model.selection().remove(hit.id())) {
                model.selection().add(hit.id());
            }
        } else if (!model.selection().contains(hit.id())) {
            model.selection().clear();
            model.selection().add(hit.id());
        }
        gesture.clip = hit;
        gesture.edge = edge;
        gesture.kind = edge == null ? Gesture.Kind.MOVE : Gesture.Kind.TRIM;
    }

    /** A clip whose fade handle (top corner, or where its fade ends) is under the pointer. */
    private Clip fadeHandleAt(Track row, double x, double y) {
        TimelineView v = getSkinnable();
        double top = v.rowTop(row.id());
        if (y > top + HANDLE + 4) {
            return null;
        }
        for (double probe : new double[]{x, x - HANDLE, x + HANDLE}) {
            Clip c = row.clipAt((long) Math.floor(v.frameAt(probe))).orElse(null);
            if (c != null && v.xOf(c.end()) - v.xOf(c.start()) >= 16) {
                double fi = v.xOf(c.start() + c.style().fadeIn()), fo = v.xOf(c.end() - c.style().fadeOut());
                if (Math.abs(x - fi) <= HANDLE || Math.abs(x - fo) <= HANDLE) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * A clip whose transition handle (bottom left, at the transition's end) is under the pointer: only clips with a
     * neighbour ending where they start have one.
     */
    private Clip transitionHandleAt(Track row, double x, double y) {
        TimelineView v = getSkinnable();
        double bottom = v.rowTop(row.id()) + TimelineView.rowHeight(row);
        if (y < bottom - HANDLE - 4) {
            return null;
        }
        for (double probe : new double[]{x, x - HANDLE, x + HANDLE}) {
            Clip c = row.clipAt((long) Math.floor(v.frameAt(probe))).orElse(null);
            if (c != null && row.adjacentBefore(c).isPresent()
                    && Math.abs(x - v.xOf(c.start() + c.style().transitionIn())) <= HANDLE) {
                return c;
            }
        }
        return null;
    }

    /** Header: a switch toggles; a double click renames; the context menu adds, moves, renames and removes tracks. */
    private void headerPressed(Track row, MouseEvent e) {
        TimelineView v = getSkinnable();
        if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY) {
            trackMenu(row).show(canvas, e.getScreenX(), e.getScreenY());
            return;
        }
        for (String sw : TimelineView.switches(row)) {
            if (v.switchBounds(row.id(), sw).contains(e.getX(), e.getY())) {
                model.toggle(row.id(), sw);
                return;
            }
        }
        if (e.getClickCount() == 2) {
            v.renameTrack(row.id());
        }
    }

    private javafx.scene.control.ContextMenu trackMenu(Track row) {
        TimelineView v = getSkinnable();
        List<Track> same = model.project().tracks().stream().filter(t -> t.kind() == row.kind()).toList();
        int at = same.indexOf(row);
        // rows are drawn upper video track first: "up" is a higher position for video, an earlier one for audio
        int up = row.kind() == TrackKind.VIDEO ? at + 1 : at - 1, down = row.kind() == TrackKind.VIDEO ? at - 1 : at + 1;
        javafx.scene.control.MenuItem rename = menuItem("Rename…", "trackRename", () -> v.renameTrack(row.id()));
        javafx.scene.control.MenuItem moveUp = menuItem("Move Up", "trackMoveUp",
                () -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Move(row.id(), up)));
        moveUp.setDisable(up < 0 || up >= same.size());
        javafx.scene.control.MenuItem moveDown = menuItem("Move Down", "trackMoveDown",
                () -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Move(row.id(), down)));
        moveDown.setDisable(down < 0 || down >= same.size());
        javafx.scene.control.MenuItem remove = menuItem("Remove Track", "trackRemove",
                () -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Remove(row.id())));
        javafx.scene.control.MenuItem addV = menuItem("Add Video Track", "trackAddVideo",
                () -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Add(TrackKind.VIDEO, null)));
        javafx.scene.control.MenuItem addA = menuItem("Add Audio Track", "trackAddAudio",
                () -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Add(TrackKind.AUDIO, null)));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(rename, moveUp, moveDown, remove,
                new javafx.scene.control.SeparatorMenuItem(), addV, addA);
        menu.setId("trackMenu");
        return menu;
    }

    private static javafx.scene.control.MenuItem menuItem(String text, String id, Runnable r) {
        javafx.scene.control.MenuItem i = new javafx.scene.control.MenuItem(text);
        i.setId(id);
        i.setOnAction(e -> r.run());
        return i;
    }

    private void scrubTo(double x) {
        long f = Math.max(0, Math.round(getSkinnable().frameAt(x)));
        model.playheadProperty().set(f);
    }

    private void dragged(MouseEvent e) {
        if (gesture == null) {
            return;
        }
        TimelineView v = getSkinnable();
        Project p = model.project();
        double zoom = model.zoomProperty().get();
        long delta = Math.round((e.getX() - gesture.startX) / zoom);
        double tolerance = model.snappingProperty().get() && !e.isAltDown() ? 8 / zoom : 0;
        Set<Long> group = gesture.clip == null ? Set.of() : p.group(gesture.clip.id()).stream().map(Clip::id).collect(Collectors.toSet());
        Snapper snap = new Snapper(p, model.playheadProperty().get(), group);
        switch (gesture.kind) {
            case SCRUB -> {
                scrubTo(e.getX());
                return;
            }
            case MOVE -> {
                long start = Math.max(0, gesture.clip.start() + delta);
                start = Math.max(0, snap.snapClip(start, gesture.clip.length(), tolerance));
                Track over = rowAt(e.getY());
                Track from = p.trackOf(gesture.clip.id());
                long toTrack = over != null && over.kind() == from.kind() && over.id() != from.id() ? over.id() : 0;
                gesture.command = start == gesture.clip.start() && toTrack == 0 ? null : new MoveClip(gesture.clip.id(), start, toTrack);
            }
            case TRANSITION -> {
                Clip c = gesture.clip;
                long tr = Math.max(0, Math.min(c.length(), Math.round(v.frameAt(e.getX()) - c.start())));
                gesture.command = tr == c.style().transitionIn() ? null
                        : new dev.flowsmith.editing.command.SetClipStyle(c.id(), c.style().withTransitionIn(tr), "Transition");
            }
            case FADE_IN, FADE_OUT -> {
                Clip c = gesture.clip;
                var st = c.style();
                double frame = v.frameAt(e.getX());
                long in = st.fadeIn(), out = st.fadeOut();
                if (gesture.kind == Gesture.Kind.FADE_IN) {
                    in = Math.max(0, Math.min(c.length() - out, Math.round(frame - c.start())));
                } else {
                    out = Math.max(0, Math.min(c.length() - in, Math.round(c.end() - frame)));
                }
                gesture.command = in == st.fadeIn() && out == st.fadeOut() ? null
                        : new dev.flowsmith.editing.command.SetClipStyle(c.id(), st.withFades(in, out),
                        gesture.kind == Gesture.Kind.FADE_IN ? "Fade in" : "Fade out");
            }
            case TRIM -> {
                long edgeFrame = (gesture.edge == Trim.Edge.IN ? gesture.clip.start() : gesture.clip.end()) + delta;
                long snapped = snap.snap(edgeFrame, tolerance);
                long d = snapped - (gesture.edge == Trim.Edge.IN ? gesture.clip.start() : gesture.clip.end());
                gesture.command = d == 0 ? null : new Trim(gesture.clip.id(), gesture.edge, d, e.isShiftDown());
            }
        }
        preview(p);
        v.setCursor(javafx.scene.Cursor.CLOSED_HAND);
    }

    private void preview(Project p) {
        gesture.invalid = false;
        gesture.preview = null;
        if (gesture.command != null) {
            try {
                gesture.preview = gesture.command.apply(p);
            } catch (EditException ex) {
                gesture.invalid = gesture.command instanceof MoveClip;
            }
        }
        requestRedraw();
    }

    private void released(MouseEvent e) {
        Gesture g = gesture;
        gesture = null;
        getSkinnable().setCursor(null);
        if (g != null && g.command != null && g.kind != Gesture.Kind.SCRUB) {
            model.perform(g.command);
        }
        requestRedraw();
    }

    private void scrolled(ScrollEvent e) {
        TimelineView v = getSkinnable();
        if (e.isShortcutDown()) {
            double factor = Math.pow(1.15, e.getDeltaY() / 40);
            model.zoomAround(model.zoomProperty().get() * factor, v.frameAt(e.getX()));
        } else {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            model.scrollProperty().set(Math.max(0, model.scrollProperty().get() - d / model.zoomProperty().get()));
        }
        e.consume();
    }
}
