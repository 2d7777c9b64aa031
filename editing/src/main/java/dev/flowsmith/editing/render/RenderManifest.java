package dev.flowsmith.editing.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The record of a timeline render, kept as JSON in a hidden folder beside the output: which render
 * it is (a fingerprint of the plan and settings) and which video segments are finished, with their
 * checksums. A resume of the same render reuses the intact segments.
 */
public final class RenderManifest {
    /** One finished segment: timeline frames [start, start + frames). */
    public record Segment(int index, long start, long frames, String file, String sha256) {
    }

    public int version = 1;
    public String fingerprint;
    public List<Segment> segments = new ArrayList<>();
}
