package dev.flowsmith.editing.model;

import java.nio.file.Path;

/**
 * A source file used by clips, with what the timeline needs to know of it without opening it: its
 * length (to bound trims), picture size and rate, and which kinds of streams it has. {@code path}
 * is absolute in memory; the project file stores it relative to the project's folder. {@code folder} is
 * where the media sits in the project's bin.
 */
public record MediaRef(String id, Path path, long durationMicros, int width, int height, FrameRate rate,
                       boolean hasVideo, boolean hasAudio, String folder) {
    public MediaRef(String id, Path path, long durationMicros, int width, int height, FrameRate rate, boolean hasVideo,
                    boolean hasAudio) {
        this(id, path, durationMicros, width, height, rate, hasVideo, hasAudio, "");
    }

    public MediaRef {
        folder = folder == null ? "" : folder;
        if (durationMicros <= 0) {
            throw new IllegalArgumentException("media '" + id + "' has no duration");
        }
        path = path.toAbsolutePath().normalize();
    }

    public MediaRef withPath(Path newPath) {
        return new MediaRef(id, newPath, durationMicros, width, height, rate, hasVideo, hasAudio, folder);
    }

    /** The same media in bin folder {@code f} ("" is the bin itself, "Footage/Day 1" a folder inside one). */
    public MediaRef inFolder(String f) {
        return new MediaRef(id, path, durationMicros, width, height, rate, hasVideo, hasAudio, f);
    }

    public String name() {
        return path.getFileName().toString();
    }
}
