package dev.flowsmith.media;

/** One audio stream: codec, sample rate, channels, language tag (or null). */
public record AudioStreamInfo(int index, String codec, int sampleRate, int channels, String channelLayout,
                              String language, long bitRate, double durationSeconds) {
}
