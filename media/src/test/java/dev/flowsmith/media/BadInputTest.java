package dev.flowsmith.media;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken input gives a MediaException with a sentence for the user and leaves no output behind. */
@Timeout(60)
class BadInputTest {
    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(dir.resolve("out")).resolve("result.mp4");
    }

    private Path fixture(String kind) throws IOException {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        byte[] all = Files.readAllBytes(flower);
        switch (kind) {
            case "truncated-half":
                return Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(all, all.length / 2));
            case "truncated-webm": {
                byte[] webm = Files.readAllBytes(SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.webm"));
                return Files.write(dir.resolve("truncated.webm"), Arrays.copyOf(webm, webm.length * 2 / 3));
            }
            case "empty":
                return Files.write(dir.resolve("empty.mp4"), new byte[0]);
            case "text":
                return Files.writeString(dir.resolve("notes.mp4"), "These are my notes, not a video.\n".repeat(50));
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated-half", "truncated-webm", "empty", "text"})
    void transcodeFailsCleanly(String kind) throws IOException {
        Path bad = fixture(kind);
        assertThatThrownBy(() -> Transcoder.run(new Transcoder.Request(bad, out, new EncoderSettings(VideoCodec.H264, 23,
                "ultrafast", 8), false), ProgressListener.NONE, new CancellationToken()))
                .isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).userMessage()).contains(bad.getFileName().toString()));
        assertThat(TranscodeTest.listDir(out.getParent())).as("no output and no temp file").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "text"})
    void probeAndReaderFailWithAClearError(String kind) throws IOException {
        Path bad = fixture(kind);
        assertThatThrownBy(() -> MediaProbe.probe(bad)).isInstanceOf(CorruptMediaException.class);
        assertThatThrownBy(() -> VideoReader.open(bad)).isInstanceOf(CorruptMediaException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated-half", "truncated-webm"})
    void readerSaysWhenADecodeEndedEarly(String kind) throws IOException {
        Path bad = fixture(kind);
        try (VideoReader r = VideoReader.open(bad)) {
            while (r.read() != null) {
                // read to the end
            }
            assertThatThrownBy(r::verifyComplete).isInstanceOf(CorruptMediaException.class);
        }
    }

    @Test
    void missingFileAndFolderAreNamed() {
        assertThatThrownBy(() -> MediaProbe.probe(dir.resolve("nope.mp4"))).isInstanceOf(MediaException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> MediaProbe.probe(dir)).isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("folder");
    }

    @Test
    void audioOnlyFileHasNoVideoStream() throws IOException {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Path audioOnly = dir.resolve("audio.mp4");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-i", flower.toString(),
                "-vn", "-c", "copy", audioOnly.toString()));
        assertThat(MediaProbe.probe(audioOnly).audioStreams()).hasSize(1);
        assertThatThrownBy(() -> VideoReader.open(audioOnly)).isInstanceOf(NoVideoStreamException.class);
    }

    @Test
    void existingOutputIsNeverReplacedWithoutConsent() throws IOException {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Files.writeString(out, "precious");
        assertThatThrownBy(() -> Transcoder.run(new Transcoder.Request(flower, out,
                EncoderSettings.defaults(VideoCodec.H264), false), ProgressListener.NONE, new CancellationToken()))
                .isInstanceOf(OutputExistsException.class);
        assertThat(Files.readString(out)).isEqualTo("precious");
    }

    @Test
    void theInputItselfIsNeverTheOutput() throws IOException {
        Path copy = Files.copy(SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4"), dir.resolve("f.mp4"));
        long size = Files.size(copy);
        assertThatThrownBy(() -> Transcoder.run(new Transcoder.Request(copy, copy, EncoderSettings.defaults(VideoCodec.H264),
                true), ProgressListener.NONE, new CancellationToken())).isInstanceOf(OutputExistsException.class);
        assertThat(Files.size(copy)).isEqualTo(size);
    }

    @Test
    void cancelledTranscodeLeavesNothing() throws IOException {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        CancellationToken cancel = new CancellationToken();
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> Transcoder.run(new Transcoder.Request(flower, out,
                new EncoderSettings(VideoCodec.H264, 23, "ultrafast", 8), false), (done, total) -> {
                    if (seen.incrementAndGet() == 20) {
                        cancel.cancel();
                    }
                }, cancel)).isInstanceOf(MediaCancelledException.class);
        assertThat(seen.get()).isEqualTo(20);
        assertThat(TranscodeTest.listDir(out.getParent())).isEmpty();
    }

    @Test
    void writerClosedWithoutFinishLeavesNothing() throws IOException {
        VideoWriter.Config cfg = new VideoWriter.Config(new EncoderSettings(VideoCodec.H264, 23, "ultrafast", 8), 64, 48,
                new Rational(1, 25), new Rational(25, 1), ColorInfo.bt709(), false, List.of());
        try (VideoWriter w = VideoWriter.open(out, cfg)) {
            VideoFrame f = new VideoFrame(64, 48);
            for (int i = 0; i < 5; i++) {
                f.setPosition(i, i, new Rational(1, 25));
                w.write(f);
            }
        }
        assertThat(TranscodeTest.listDir(out.getParent())).isEmpty();
    }

    @Test
    void missingOutputFolderFailsBeforeAnyWork() {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        assertThatThrownBy(() -> Transcoder.run(new Transcoder.Request(flower, dir.resolve("no/such/dir/x.mp4"),
                EncoderSettings.defaults(VideoCodec.H264), false), ProgressListener.NONE, new CancellationToken()))
                .isInstanceOf(MediaException.class).hasMessageContaining("does not exist");
    }
}
