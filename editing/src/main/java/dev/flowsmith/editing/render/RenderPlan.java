package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.media.KeyframeIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a timeline will be rendered: its picture pieces and whether the video can be copied without
 * re-encoding. Copying needs every piece to come from streams of one exact format (H.264/HEVC, the
 * project's size and frame rate), no gaps, and every piece to start on a keyframe (and, with
 * B-frames, end on one or at the source's end): then the output is bit-exact with the sources and
 * rendering takes seconds. Otherwise everything is re-encoded (packets of two encoders cannot share
 * one stream). {@link #verdict()} says which, and why, in words for the export dialog.
 */
public record RenderPlan(List<VideoPiece> pieces, boolean copy, String verdict, Map<String, KeyframeIndex> indexes) {
    private static final Set<String> COPYABLE = Set.of("h264", "hevc");

    /** Plans the render; {@code allowCopy} false always re-encodes. Scans each used source's keyframes once. */
    public static RenderPlan of(Project p, boolean allowCopy) {
        List<VideoPiece> pieces = TimelineFlattener.video(p);
        Map<String, KeyframeIndex> indexes = new HashMap<>();
        for (VideoPiece v : pieces) {
            if (v.media() != null) {
                indexes.computeIfAbsent(v.media().id(), id -> KeyframeIndex.scan(v.media().path()));
            }
        }
        if (pieces.isEmpty()) {
            return new RenderPlan(pieces, false, "The timeline is empty.", indexes);
        }
        String why = allowCopy ? whyNotCopy(p, pieces, indexes) : "Stream copy is turned off.";
        if (why == null) {
            return new RenderPlan(pieces, true, "Stream copy: all " + pieces.size()
                    + " piece(s) start on keyframes and share one format; the video is not re-encoded.", indexes);
        }
        return new RenderPlan(pieces, false, "Re-encode: " + why, indexes);
    }

    /** Null when the whole picture can be copied, else the first reason it cannot. */
    private static String whyNotCopy(Project p, List<VideoPiece> pieces, Map<String, KeyframeIndex> indexes) {
        FrameRate rate = p.rate();
        String signature = null;
        for (VideoPiece v : pieces) {
            String at = rate.timecode(v.start());
            if (v.isGap()) {
                return "there is a gap at " + at + " (black frames must be encoded).";
            }
            if (v.composite()) {
                return "the picture at " + at + " is composited (layers, a title, a fade, a transition, a speed change "
                        + "or a transform must be encoded).";
            }
            MediaRef m = v.media();
            KeyframeIndex idx = indexes.get(m.id());
            String codec = idx.signature().substring(0, idx.signature().indexOf('/'));
            if (!COPYABLE.contains(codec)) {
                return "'" + m.name() + "' is " + codec + "; only H.264 and HEVC are copied.";
            }
            if (!m.rate().equals(rate) || m.width() != p.settings().width() || m.height() != p.settings().height()) {
                return "'" + m.name() + "' (" + m.width() + "x" + m.height() + " at " + m.rate()
                        + ") differs from the project's format.";
            }
            if (signature != null && !signature.equals(idx.signature())) {
                return "the pieces come from streams encoded differently ('" + m.name() + "' at " + at + ").";
            }
            signature = idx.signature();
            int first = idx.frameAt(v.sourceIn());
            if (!idx.isKeyframe(first)) {
                return "the piece at " + at + " starts " + (first - idx.keyframeAtOrBefore(first))
                        + " frame(s) after a keyframe of '" + m.name() + "'.";
            }
            int end = first + (int) v.length();
            if (end > idx.frameCount()) {
                return "the piece at " + at + " runs past the end of '" + m.name() + "'.";
            }
            if (idx.reorders() && end < idx.frameCount() && !idx.isKeyframe(end)) {
                return "the piece at " + at + " ends inside a group of pictures of '" + m.name()
                        + "' (it has B-frames), so its last frames need their next keyframe.";
            }
        }
        return null;
    }

    public long frames() {
        return pieces.isEmpty() ? 0 : pieces.get(pieces.size() - 1).end();
    }
}
