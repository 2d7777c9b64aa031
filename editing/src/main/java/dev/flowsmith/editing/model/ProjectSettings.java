package dev.flowsmith.editing.model;

/** Output format of the timeline: picture size, frame rate and audio sample rate. */
public record ProjectSettings(int width, int height, FrameRate rate, int sampleRate) {
    public static final ProjectSettings DEFAULT = new ProjectSettings(1920, 1080, FrameRate.FPS_30, 48_000);

    public ProjectSettings {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("picture size must be positive and even, got " + width + "x" + height);
        }
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
        }
    }
}
