package dev.flowsmith.restoration.deinterlace;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.restoration.job.RestoreJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inverse telecine as a job: 29.97 frames/s of pulled-down film become 23.976 evenly spaced frames, segments that
 * start mid-cycle decide as a full run does, and a cancelled job resumes to the same frames.
 */
class InverseTelecineJobTest {
    @TempDir
    Path dir;


    @Test
    void aPulledDownFileBecomesFilmRateAndResumesIdentically() {
        Path film = dir.resolve("film.mkv"), video = dir.resolve("telecined.mkv");
        String ffmpeg = FFmpegLibrary.ffmpegExecutable().toString();
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-framerate", "24000/1001", "-i",
                SharedData.file("davis/bmx-trees/00000.jpg").getParent().resolve("%05d.jpg").toString(), "-frames:v", "40",
                "-c:v", "ffv1", "-pix_fmt", "yuv444p", film.toString()));
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-i", film.toString(), "-vf", "telecine=pattern=23",
                "-c:v", "ffv1", "-pix_fmt", "yuv444p", video.toString()));
        EncoderSettings ffv1 = EncoderSettings.defaults(VideoCodec.FFV1);
        Path reference = dir.resolve("reference.mkv"), out = dir.resolve("out.mkv");
        // 0.4 s = 12 frames a segment: most segments start inside a five-frame cycle
        RestoreJob.run(new RestoreJob.Request(video, reference, InverseTelecine::new, ffv1, 0.4, false, false, false),
                ProgressListener.NONE, new CancellationToken());
        VideoStreamInfo v = MediaProbe.probe(reference).requireVideo();
        assertThat(v.frameCount()).as("4 of 5 of the 50 telecined frames").isEqualTo(40);
        assertThat(v.avgFrameRate().toDouble()).isCloseTo(24000 / 1001.0, org.assertj.core.data.Offset.offset(0.01));
        List<dev.flowsmith.media.VideoFrame> got = dev.flowsmith.restoration.quality.Frames.decode(reference),
                want = dev.flowsmith.restoration.quality.Frames.decode(film);
        for (int i = 0; i < want.size(); i++) {
            assertThat(dev.flowsmith.restoration.quality.QualityMetrics.psnrY(got.get(i), want.get(i), 0))
                    .as("frame %d is film frame %d", i, i).isGreaterThan(45);
        }

        CancellationToken cancel = new CancellationToken();
        AtomicLong seen = new AtomicLong();
        assertThatThrownBy(() -> RestoreJob.run(new RestoreJob.Request(video, out, InverseTelecine::new, ffv1, 0.4, false, false, false),
                (done, total) -> {
                    if (seen.incrementAndGet() == 30) {
                        cancel.cancel();
                    }
                }, cancel)).isInstanceOf(MediaCancelledException.class);
        RestoreJob.Result r = RestoreJob.run(new RestoreJob.Request(video, out, InverseTelecine::new, ffv1, 0.4, true, false, false),
                ProgressListener.NONE, new CancellationToken());
        assertThat(r.framesReused()).isGreaterThan(0);
        assertThat(dev.flowsmith.media.FrameHashes.of(out)).isEqualTo(dev.flowsmith.media.FrameHashes.of(reference));
    }
}
