package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TranscodeTest {
    private static final EncoderSettings FAST_H264 = new EncoderSettings(VideoCodec.H264, 23, "ultrafast", 8);

    @TempDir
    Path dir;

    private static Transcoder.Result transcode(Path in, Path out, EncoderSettings s) {
        return Transcoder.run(new Transcoder.Request(in, out, s, false), ProgressListener.NONE, new CancellationToken());
    }

    /** Variable frame rate: every output timestamp within one tick of the output's clock of the input's. */
    @ParameterizedTest
    @ValueSource(strings = {"videos/androidx/mp4/portrait_4k60.mp4", "videos/androidx/mp4/sample_android_slow_motion.mp4"})
    void variableFrameRateKeepsEveryTimestamp(String file) {
        Path in = SharedData.file(file);
        assertThat(MediaProbe.probe(in).requireVideo().variableFrameRate()).as("the sample is VFR").isTrue();
        Path out = dir.resolve("vfr.mp4");
        transcode(in, out, FAST_H264);
        VideoStreamInfo o = MediaProbe.probe(out).requireVideo();
        assertThat(o.variableFrameRate()).isTrue();
        double tick = o.timeBase().toDouble();
        List<Double> a = ReferenceTools.packetTimes(in), b = ReferenceTools.packetTimes(out);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(Math.abs(a.get(i) - b.get(i))).as("frame %d: %s vs %s", i, a.get(i), b.get(i))
                    .isLessThanOrEqualTo(tick + 1e-9);
        }
    }

    /** The same through the float path: VideoReader -> VideoWriter keeps the timestamps too. */
    @Test
    void floatPathKeepsVariableTimestamps() {
        Path in = SharedData.file("videos/androidx/mp4/sample_android_slow_motion.mp4");
        Path out = dir.resolve("vfr-float.mkv");
        try (VideoReader r = VideoReader.open(in);
             VideoWriter w = VideoWriter.open(out, VideoWriter.Config.like(r.info(), FAST_H264, false, in))) {
            VideoFrame f;
            while ((f = r.read()) != null) {
                w.write(f);
            }
            w.finish();
        }
        List<Double> a = ReferenceTools.packetTimes(in), b = ReferenceTools.packetTimes(out);
        assertThat(b).hasSameSizeAs(a);
        double firstA = a.get(0), firstB = b.get(0);
        for (int i = 0; i < a.size(); i++) {
            assertThat(Math.abs((a.get(i) - firstA) - (b.get(i) - firstB))).isLessThanOrEqualTo(0.001 + 1e-9);
        }
    }

    @Test
    void tenBitHdrBecomesTenBitHevcWithItsColourTags() {
        Path in = SharedData.file("videos/androidx/mp4/hdr10-av1.mp4");
        VideoStreamInfo src = MediaProbe.probe(in).requireVideo();
        assertThat(src.color().isHdr()).isTrue();
        Path out = dir.resolve("hdr.mp4");
        transcode(in, out, new EncoderSettings(VideoCodec.H265, 28, "ultrafast", 10));
        VideoStreamInfo o = MediaProbe.probe(out).requireVideo();
        assertThat(o.codec()).isEqualTo("hevc");
        assertThat(o.bitDepth()).isEqualTo(10);
        assertThat(o.pixelFormat()).isEqualTo("yuv420p10le");
        assertThat(o.color().primaries()).isEqualTo("bt2020");
        assertThat(o.color().transfer()).isEqualTo("smpte2084");
        assertThat(o.color().matrix()).isEqualTo("bt2020nc");
        assertThat(o.color().range()).isEqualTo(src.color().range());
        assertThat(o.frameCount()).isEqualTo(src.frameCount());
    }

    @Test
    void audioIsCopiedBitExactly() {
        Path in = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Path out = dir.resolve("flower.mkv");
        Transcoder.Result r = transcode(in, out, FAST_H264);
        assertThat(r.copiedStreams()).anyMatch(s -> s.contains("audio aac"));
        List<byte[]> a = audioPackets(in), b = audioPackets(out);
        assertThat(a).isNotEmpty();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).as("audio packet %d", i).isEqualTo(a.get(i));
        }
    }

    @Test
    void rotationAndTagsSurviveATranscode() {
        Path in = SharedData.file("videos/androidx/mp4/internal_emulator_transformer_output_270_rotated.mp4");
        Path out = dir.resolve("rot.mp4");
        transcode(in, out, FAST_H264);
        VideoStreamInfo o = MediaProbe.probe(out).requireVideo();
        assertThat(o.rotation()).isEqualTo(Orientation.COUNTER_CLOCKWISE);
        assertThat(o.color().primaries()).isEqualTo("bt709");
    }

    @Test
    void everyCodecWritesWhatItPromises() {
        Path src = TestPattern.write(dir.resolve("pattern.mp4"), 320, 240, 25, 10, false);
        record Case(String name, EncoderSettings s, String codec, int depth) { }
        List<Case> cases = List.of(
                new Case("h264-10.mp4", new EncoderSettings(VideoCodec.H264, 20, "ultrafast", 10), "h264", 10),
                new Case("h265.mp4", new EncoderSettings(VideoCodec.H265, 20, "ultrafast", 8), "hevc", 8),
                new Case("vp9.webm", new EncoderSettings(VideoCodec.VP9, 30, "ultrafast", 8), "vp9", 8),
                new Case("prores.mov", EncoderSettings.defaults(VideoCodec.PRORES), "prores", 10),
                new Case("ffv1.mkv", new EncoderSettings(VideoCodec.FFV1, 0, "medium", 10), "ffv1", 10));
        for (Case c : cases) {
            Path out = dir.resolve(c.name());
            transcode(src, out, c.s());
            VideoStreamInfo o = MediaProbe.probe(out).requireVideo();
            assertThat(o.codec()).as(c.name()).isEqualTo(c.codec());
            assertThat(o.bitDepth()).as(c.name()).isEqualTo(c.depth());
            assertThat(o.frameCount()).as(c.name()).isEqualTo(10);
        }
    }

    @Test
    void vp9TenBitIsRefusedWithASentence() {
        Path src = TestPattern.write(dir.resolve("p.mp4"), 64, 64, 25, 2, false);
        Path out = dir.resolve("x.webm");
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> transcode(src, out, new EncoderSettings(VideoCodec.VP9, 30, "ultrafast", 10)),
                UnsupportedMediaException.class);
        assertThat(e.userMessage()).contains("8-bit");
        assertThat(out).doesNotExist();
    }

    static List<byte[]> audioPackets(Path file) {
        List<byte[]> out = new ArrayList<>();
        try (MediaInput in = MediaInput.open(file)) {
            int audio = -1;
            for (int i = 0; i < in.streamCount(); i++) {
                if (in.stream(i).codecpar().codec_type() == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO) {
                    audio = i;
                    break;
                }
            }
            AVPacket pkt = MediaInput.newPacket();
            while (in.readPacket(pkt)) {
                if (pkt.stream_index() == audio) {
                    byte[] b = new byte[pkt.size()];
                    pkt.data().get(b);
                    out.add(b);
                }
                avcodec.av_packet_unref(pkt);
            }
            avcodec.av_packet_free(pkt);
        }
        return out;
    }

    static List<Path> listDir(Path d) throws java.io.IOException {
        try (var s = Files.list(d)) {
            return s.toList();
        }
    }
}
