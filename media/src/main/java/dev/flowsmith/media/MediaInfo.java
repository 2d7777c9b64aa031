package dev.flowsmith.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@link MediaProbe} found in a file. */
public record MediaInfo(Path path, String container, String containerLongName, long sizeBytes,
                        double durationSeconds, long bitRate, List<VideoStreamInfo> videoStreams,
                        List<AudioStreamInfo> audioStreams, List<SubtitleStreamInfo> subtitleStreams,
                        Map<String, String> metadata) {

    /** The stream FFmpeg would pick as the main video, if any. */
    public Optional<VideoStreamInfo> video() {
        return videoStreams.isEmpty() ? Optional.empty() : Optional.of(videoStreams.get(0));
    }

    public VideoStreamInfo requireVideo() {
        return video().orElseThrow(() -> new NoVideoStreamException(
                "'" + path.getFileName() + "' has no video stream.", "streams: audio " + audioStreams.size()
                + ", subtitles " + subtitleStreams.size()));
    }
}
