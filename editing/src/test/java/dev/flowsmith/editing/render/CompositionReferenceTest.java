package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.editing.model.Transform;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.media.AudioReader;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A 3-video-track, 2-audio-track timeline with a title, a dissolve, a speed change, a picture in
 * picture, gains, fades and a crossfade, rendered by the render job, against the same composition
 * built with FFmpeg's own filters (xfade, overlay, fade, scale, select; volume, afade, adelay, amix)
 * from the same lossless sources. The title's pixels are ours (drawn with Java2D, handed to FFmpeg as
 * a PNG): what is checked is where, when and how it is blended. Picture: every frame >= 40 dB PSNR;
 * sound: the mix the export encodes equals FFmpeg's sample for sample within 1 LSB (16-bit).
 */
class CompositionReferenceTest {
    static final int W = 320, H = 180, FPS = 30, RATE = 48_000, FRAMES = 150;

    @TempDir
    static Path dir;
    static Path flower, bedroom, speech;

    @BeforeAll
    static void sources() {
        FFmpegLibrary.ensureLoaded();
        // lossless 30 fps RGB sources from real clips, so both sides decode the same pixels
        flower = dir.resolve("flower.mkv");
        ffmpeg("-i", SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4").toString(), "-vf",
                "fps=30,scale=320:180:flags=area", "-frames:v", "150", "-c:v", "ffv1", "-pix_fmt", "gbrp", "-ar", "48000",
                "-ac", "2", "-c:a", "pcm_s16le", flower.toString());
        bedroom = dir.resolve("bedroom.mkv");
        ffmpeg("-i", SharedData.file("videos/sam2/notebooks/videos/bedroom.mp4").toString(), "-vf", "fps=30,scale=320:180:flags=area",
                "-frames:v", "200", "-c:v", "ffv1", "-pix_fmt", "gbrp", "-an", bedroom.toString());
        speech = dir.resolve("speech.wav");
        ffmpeg("-i", SharedData.file("videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4").toString(),
                "-vn", "-ar", "48000", "-ac", "2", "-c:a", "pcm_s16le", speech.toString());
    }

    static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        ReferenceTools.run(cmd);
    }

    static final TitleSpec TITLE = new TitleSpec("Flowsmith", "DejaVu Sans", 40, 0xFFFFE040, 0xFF000000, 2, 0.5, 0.8);

    Project project() {
        MediaRef f = MediaImport.ref(flower), b = MediaImport.ref(bedroom), s = MediaImport.ref(speech);
        FrameRate r = FrameRate.FPS_30;
        ClipStyle plain = ClipStyle.DEFAULT;
        // V1: flower 0-60, bedroom 60-120 dissolving in over 15 frames, flower at 2x 120-150
        Clip a = new Clip(1, f.id(), 0, 0, 60, 10, plain);
        Clip bClip = new Clip(2, b.id(), 1_000_000, 60, 60, 0, plain.withTransitionIn(15));
        Clip fast = new Clip(3, f.id(), 2_000_000, 120, 30, 11, plain.withSpeed(2, false));
        // V2: bedroom from 3 s at half size in the upper right, 70 % opaque, fading in over 10 frames
        Clip pip = new Clip(4, b.id(), 3_000_000, 20, 60, 0,
                plain.withTransform(new Transform(80, -45, 0.5, 0, 0, 0, 0, 0)).withOpacity(0.7).withFades(10, 0));
        // V3: a title 30-90 fading in and out over 10 frames
        Clip title = Clip.title(5, 30, 60, TITLE).withStyle(plain.withTitle(TITLE).withFades(10, 10));
        // A1: flower's sound at -6 dB, crossfading over 15 frames into its sound from 2 s (which fades out), then the 2x clip (muted)
        Clip a1 = new Clip(6, f.id(), 0, 0, 60, 10, plain.withGainDb(-6));
        Clip a2 = new Clip(7, f.id(), 2_000_000, 60, 60, 0, plain.withTransitionIn(15).withFades(0, 15));
        Clip a3 = new Clip(8, f.id(), 2_000_000, 120, 30, 11, plain.withSpeed(2, false));
        // A2: speech from 0.5 s at +3 dB, fading in over 20 frames
        Clip voice = new Clip(9, s.id(), 500_000, 10, 90, 0, plain.withGainDb(3).withFades(20, 0));
        List<Track> tracks = List.of(new Track(20, TrackKind.VIDEO, "V1", List.of(a, bClip, fast)),
                new Track(21, TrackKind.VIDEO, "V2", List.of(pip)), new Track(22, TrackKind.VIDEO, "V3", List.of(title)),
                new Track(23, TrackKind.AUDIO, "A1", List.of(a1, a2, a3)), new Track(24, TrackKind.AUDIO, "A2", List.of(voice)));
        return new Project(new ProjectSettings(W, H, r, RATE), List.of(f, b, s), tracks, 30);
    }

    @Test
    void renderedPictureMatchesFfmpegsComposition() throws Exception {
        Project p = project();
        Path ours = dir.resolve("ours.mkv");
        RenderJob.Result res = RenderJob.run(new RenderJob.Request(p, ours, EncoderSettings.defaults(VideoCodec.FFV1), true, 1.0,
                false, false), ProgressListener.NONE, new CancellationToken());
        assertThat(res.frames()).isEqualTo(FRAMES);
        assertThat(res.plan().pieces()).as("plain pieces and composited ones")
                .anyMatch(VideoPiece::composite).anyMatch(v -> v.media() != null);

        Path png = dir.resolve("title.png");
        ImageIO.write(TitleRaster.draw(TITLE, W, H).toImage(), "png", png.toFile());
        Path ref = dir.resolve("ref.mkv");
        String graph = String.join(";",
                // one tick per frame on every input, so overlay pairs frames by index (Matroska's millisecond times do not)
                "[0:v]settb=1/30,setpts=N/TB/30,split=2[f1][f2]", "[1:v]settb=1/30,setpts=N/TB/30,split=2[b1][b2]",
                "[f1]trim=start_frame=0:end_frame=75,setpts=PTS-STARTPTS[a]",
                "[b1]trim=start_frame=30:end_frame=90,setpts=PTS-STARTPTS[b]",
                "[a][b]xfade=transition=fade:duration=0.5:offset=2[ab]",
                "[f2]trim=start_frame=60:end_frame=120,select='not(mod(n\\,2))',setpts=N/30/TB[c]",
                "[ab][c]concat=n=2:v=1:a=0,format=gbrp[base]",
                // the clip's alpha: 70 % opacity times its fade in, k/10 over its first 10 frames
                "[b2]trim=start_frame=90:end_frame=150,scale=160:90:flags=area,format=rgba,"
                        + "geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='255*0.7*min(N/10,1)',setpts=PTS-STARTPTS+20/30/TB[pip]",
                "[base][pip]overlay=x=160:y=0:eof_action=pass:format=gbrp[v2]",
                // the title's alpha times its fades: k/10 in, (60-k)/10 out
                "[2:v]settb=1/30,setpts=N/TB/30,format=rgba,trim=start_frame=0:end_frame=60,"
                        + "geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='alpha(X,Y)*min(min(N/10,1),(60-N)/10)',"
                        + "setpts=PTS-STARTPTS+30/30/TB[t]",
                "[v2][t]overlay=eof_action=pass:format=gbrp,format=yuv420p[out]");
        ffmpeg("-i", flower.toString(), "-i", bedroom.toString(), "-framerate", "30", "-loop", "1", "-t", "3", "-i",
                png.toString(), "-filter_complex", graph, "-map", "[out]", "-frames:v", "150", "-c:v", "ffv1", ref.toString());

        double worst = Double.MAX_VALUE;
        int worstAt = -1, frames = 0;
        StringBuilder all = new StringBuilder();
        try (VideoReader o = VideoReader.open(ours); VideoReader e = VideoReader.open(ref)) {
            VideoFrame fo, fe;
            while ((fo = o.read()) != null) {
                fe = e.read();
                assertThat(fe).as("reference frame %d", frames).isNotNull();
                double psnr = psnr(fo.data(), fe.data());
                all.append(String.format(java.util.Locale.ROOT, " %d:%.1f", frames, psnr));
                if (psnr < worst) {
                    worst = psnr;
                    worstAt = frames;
                }
                frames++;
            }
            assertThat(e.read()).as("the reference has no more frames").isNull();
        }
        assertThat(frames).isEqualTo(FRAMES);
        System.out.printf(java.util.Locale.ROOT, "composition vs FFmpeg: worst frame %d at %.1f dB%n", worstAt, worst);
        assertThat(worst).as("worst frame %d; PSNR per frame:%s", worstAt, all).isGreaterThanOrEqualTo(40);
    }

    @Test
    void theMixMatchesFfmpegsSampleForSample() throws Exception {
        Project p = project();
        long total = TimelineSound.sampleAt(p, FRAMES);
        short[] ours = ourMix(p);
        assertThat(ours.length).isEqualTo(total * 2);
        Path ref = dir.resolve("mix.raw");
        String graph = String.join(";",
                "[0:a]aformat=sample_fmts=flt,asplit=2[f1][f2]",
                // clip 1: 0-2 s and the 0.5 s it plays on into the crossfade, at -6 dB, fading out over the crossfade
                "[f1]atrim=start_sample=0:end_sample=120000,volume=-6dB:precision=float,afade=t=out:ss=96000:ns=24000:curve=tri[p1]",
                // clip 2: from 2 s, fading in over the crossfade and out over its last 15 frames, placed at 2 s
                "[f2]atrim=start_sample=96000:end_sample=192000,asetpts=PTS-STARTPTS,afade=t=in:ss=0:ns=24000:curve=tri,"
                        + "afade=t=out:ss=72000:ns=24000:curve=tri,adelay=delays=96000S:all=1[p2]",
                // voice: from 0.5 s for 90 frames at +3 dB, fading in over 20 frames, placed at frame 10
                "[1:a]aformat=sample_fmts=flt,atrim=start_sample=24000:end_sample=168000,asetpts=PTS-STARTPTS,"
                        + "volume=3dB:precision=float,afade=t=in:ss=0:ns=32000:curve=tri,adelay=delays=16000S:all=1[p3]",
                "[p1][p2][p3]amix=inputs=3:normalize=0:duration=longest,apad=whole_len=" + total
                        + ",atrim=end_sample=" + total + "[out]");
        ffmpeg("-i", flower.toString(), "-i", speech.toString(), "-filter_complex", graph, "-map", "[out]", "-f", "s16le",
                "-ac", "2", "-ar", "48000", ref.toString());
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(ref)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bb.remaining()).isEqualTo(ours.length * 2);
        int worst = 0, worstAt = -1;
        double energy = 0;
        for (int i = 0; i < ours.length; i++) {
            short e = bb.getShort();
            int d = Math.abs(e - ours[i]);
            energy += (double) e * e;
            if (d > worst) {
                worst = d;
                worstAt = i;
            }
        }
        assertThat(energy / ours.length).as("the reference mix is not silence").isGreaterThan(1000);
        assertThat(worst).as("largest difference at sample %d (%.3f s)", worstAt / 2, worstAt / 2 / 48000.0).isLessThanOrEqualTo(1);
    }

    /** The mix as 16-bit samples, as the PCM export writes them. */
    static short[] ourMix(Project p) {
        float[] f = mix(p);
        short[] ours = new short[f.length];
        for (int i = 0; i < f.length; i++) {
            ours[i] = (short) Math.max(-32768, Math.min(32767, Math.round(f[i] * 32768f)));
        }
        return ours;
    }

    @Test
    void aPcmExportHoldsTheMixExactlyAndTheSizeAndRateAsked() throws Exception {
        Project p = project();
        ExportSettings s = new ExportSettings("mkv", EncoderSettings.defaults(VideoCodec.H264).withPreset("ultrafast").withBitRate(800),
                144, null, dev.flowsmith.media.AudioCodec.PCM_S16, 0);
        Path out = dir.resolve("export.mkv");
        RenderJob.run(RenderJob.Request.export(p, out, s, false, false), ProgressListener.NONE, new CancellationToken());
        Path pcm = dir.resolve("export.raw");
        ffmpeg("-i", out.toString(), "-map", "0:a", "-f", "s16le", "-ac", "2", pcm.toString());
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(pcm)).order(ByteOrder.LITTLE_ENDIAN);
        short[] ours = ourMix(p);
        assertThat(bb.remaining()).isEqualTo(ours.length * 2);
        for (int i = 0; i < ours.length; i++) {
            short e = bb.getShort();
            if (e != ours[i]) {
                throw new AssertionError("exported sample " + i + " is " + e + ", the mix has " + ours[i]);
            }
        }
        String size = ReferenceTools.run(List.of(FFmpegLibrary.ffprobeExecutable().toString(), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=width,height,codec_name", "-of", "csv=p=0", out.toString()));
        assertThat(size).isEqualTo("h264,256,144");
        assertThatThrownBy(() -> new ExportSettings("mp4", EncoderSettings.defaults(VideoCodec.H264), 0, null,
                dev.flowsmith.media.AudioCodec.FLAC, 0)).hasMessageContaining("cannot hold FLAC");
        assertThatThrownBy(() -> new ExportSettings("webm", EncoderSettings.defaults(VideoCodec.H264), 0, null,
                dev.flowsmith.media.AudioCodec.AAC, 192)).hasMessageContaining("use .mp4, .mov or .mkv");
        assertThat(ExportSettings.parse(s.toText())).isEqualTo(s);
        assertThatThrownBy(() -> ExportSettings.parse("container=mp4;codec=H264")).hasMessageContaining("no crf");
    }

    @Test
    void volumeKeyframesRampTheLevelInDbAndASplitKeepsTheSound() {
        MediaRef s = MediaImport.ref(speech);
        ClipStyle keyed = ClipStyle.DEFAULT.withVolume(List.of(new dev.flowsmith.editing.model.VolumePoint(10, -20),
                new dev.flowsmith.editing.model.VolumePoint(40, 0), new dev.flowsmith.editing.model.VolumePoint(70, -6)));
        Clip voice = new Clip(1, s.id(), 500_000, 0, 90, 0, keyed);
        Project p = new Project(new ProjectSettings(W, H, FrameRate.FPS_30, RATE), List.of(s),
                List.of(new Track(20, TrackKind.VIDEO, "V1", List.of()), new Track(21, TrackKind.AUDIO, "A1", List.of(voice))), 30);
        float[] mixed = mix(p), source = new float[mixed.length];
        try (AudioReader r = AudioReader.open(speech, RATE)) {
            r.seek(24_000);
            int got = 0;
            while (got < mixed.length / 2) {
                float[] buf = new float[4096 * 2];
                int n = r.read(buf, Math.min(4096, mixed.length / 2 - got));
                System.arraycopy(buf, 0, source, got * 2, n * 2);
                got += n;
            }
        }
        double spf = RATE / 30.0;
        for (int i = 0; i < mixed.length / 2; i++) {
            double k = i / spf;
            double db = k <= 10 ? -20 : k <= 40 ? -20 + (k - 10) / 30 * 20 : k <= 70 ? (k - 40) / 30 * -6 : -6;
            float want = (float) (source[2 * i] * Math.pow(10, db / 20));
            if (Math.abs(want - mixed[2 * i]) > 1e-5) {
                throw new AssertionError("sample " + i + " (frame " + k + "): " + mixed[2 * i] + " instead of " + want);
            }
        }
        // split at frame 25 (between keyframes): the two halves sound as the whole did
        var h = new dev.flowsmith.editing.command.EditHistory(p);
        h.perform(new dev.flowsmith.editing.command.SplitAt(25, java.util.Set.of()));
        assertThat(h.current().tracks().get(1).clips()).hasSize(2);
        float[] split = mix(h.current());
        for (int i = 0; i < mixed.length; i++) {
            if (Math.abs(split[i] - mixed[i]) > 1e-5) {
                throw new AssertionError("after the split, sample " + i / 2 + " is " + split[i] + " instead of " + mixed[i]);
            }
        }
    }

    static float[] mix(Project p) {
        try (TimelineSound s = new TimelineSound(p, 0)) {
            float[] out = new float[(int) s.length() * 2];
            float[] buf = new float[4096 * 2];
            int at = 0, n;
            while ((n = s.read(buf, 4096)) > 0) {
                System.arraycopy(buf, 0, out, at, n * 2);
                at += n * 2;
            }
            return out;
        }
    }

    static double psnr(float[] a, float[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        double mse = se / a.length;
        return mse == 0 ? 99 : 10 * Math.log10(1 / mse);
    }
}
