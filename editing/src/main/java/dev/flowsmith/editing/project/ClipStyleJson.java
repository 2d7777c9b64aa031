package dev.flowsmith.editing.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.Transform;
import dev.flowsmith.editing.model.VolumePoint;

/**
 * A clip's {@link ClipStyle} in the project file (format 2): every field optional with the default's
 * value, so a hand-edited file may leave out what it does not change; every value checked by the
 * records' own constructors.
 */
final class ClipStyleJson {
    private ClipStyleJson() {
    }

    static void write(ClipStyle s, ObjectNode n) {
        n.put("gainDb", s.gainDb()).put("fadeIn", s.fadeIn()).put("fadeOut", s.fadeOut()).put("opacity", s.opacity())
                .put("speed", s.speed()).put("reverse", s.reverse()).put("transitionIn", s.transitionIn());
        Transform t = s.transform();
        if (!t.isIdentity()) {
            n.putObject("transform").put("x", t.x()).put("y", t.y()).put("scale", t.scale()).put("rotation", t.rotation())
                    .put("cropLeft", t.cropLeft()).put("cropTop", t.cropTop()).put("cropRight", t.cropRight())
                    .put("cropBottom", t.cropBottom());
        }
        if (!s.volume().isEmpty()) {
            var arr = n.putArray("volume");
            s.volume().forEach(v -> arr.addArray().add(v.frame()).add(v.db()));
        }
        TitleSpec ti = s.title();
        if (ti != null) {
            n.putObject("title").put("text", ti.text()).put("font", ti.font()).put("size", ti.size())
                    .put("colour", String.format("#%08X", ti.colour())).put("outlineColour", String.format("#%08X", ti.outlineColour()))
                    .put("outlineWidth", ti.outlineWidth()).put("x", ti.x()).put("y", ti.y());
        }
    }

    static ClipStyle read(JsonNode n, ProjectJson.Reader r) {
        ClipStyle d = ClipStyle.DEFAULT;
        Transform t = Transform.IDENTITY;
        if (n.has("transform")) {
            JsonNode x = r.object(n, "transform");
            t = new Transform(r.decimal(x, "x", 0), r.decimal(x, "y", 0), r.decimal(x, "scale", 1), r.decimal(x, "rotation", 0),
                    crop(r, x, "cropLeft"), crop(r, x, "cropTop"), crop(r, x, "cropRight"), crop(r, x, "cropBottom"));
        }
        TitleSpec title = null;
        if (n.has("title")) {
            JsonNode x = r.object(n, "title");
            title = new TitleSpec(r.text(x, "text"), r.text(x, "font"), r.decimal(x, "size", 64), colour(r, x, "colour"),
                    colour(r, x, "outlineColour"), r.decimal(x, "outlineWidth", 0), r.decimal(x, "x", 0.5), r.decimal(x, "y", 0.5));
        }
        java.util.List<VolumePoint> volume = new java.util.ArrayList<>();
        if (n.has("volume")) {
            for (JsonNode v : r.array(n, "volume")) {
                if (!v.isArray() || v.size() != 2 || !v.get(0).isIntegralNumber() || !v.get(1).isNumber()) {
                    throw r.bad("a volume keyframe is not [frame, dB]");
                }
                volume.add(new VolumePoint(v.get(0).longValue(), v.get(1).doubleValue()));
            }
        }
        return new ClipStyle(r.decimal(n, "gainDb", d.gainDb()), r.number(n, "fadeIn", 0), r.number(n, "fadeOut", 0),
                r.decimal(n, "opacity", 1), t, r.decimal(n, "speed", 1), r.flag(n, "reverse"), r.number(n, "transitionIn", 0), title,
                volume);
    }

    private static int crop(ProjectJson.Reader r, JsonNode x, String f) {
        long v = r.number(x, f, 0);
        if (v < 0 || v > ProjectJson.MAX_SIZE) {
            throw r.bad("\"" + f + "\" must be 0-" + ProjectJson.MAX_SIZE + " pixels");
        }
        return (int) v;
    }

    private static int colour(ProjectJson.Reader r, JsonNode x, String f) {
        String s = r.text(x, f);
        if (!s.matches("#[0-9A-Fa-f]{8}")) {
            throw r.bad("\"" + f + "\" is not a colour #AARRGGBB");
        }
        return (int) Long.parseLong(s.substring(1), 16);
    }
}
