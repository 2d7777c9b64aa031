package dev.flowsmith.media;

/** One subtitle stream: codec and language tag (or null). */
public record SubtitleStreamInfo(int index, String codec, String language) {
}
