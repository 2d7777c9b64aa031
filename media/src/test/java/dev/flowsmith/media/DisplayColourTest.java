package dev.flowsmith.media;

import dev.flowsmith.media.color.DisplayOptions;
import dev.flowsmith.media.color.ToneMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The display conversion against references made by FFmpeg's own tools: colour bars encoded (by the
 * bundled ffmpeg's zscale, in the test) with each matrix, range, depth and SDR transfer come back as the bars'
 * RGB within 2 code values; an HDR10 frame and an HLG frame tone-map within a stated tolerance of
 * zscale + tonemap=hable goldens (src/test/resources/colour, made by make-goldens.sh).
 */
class DisplayColourTest {
    /** 10 bars: 100 % white, the six 75 % colours, 75 % grey, 25 % grey, black. */
    private static final int[][] BARS = {{255, 255, 255}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0}, {191, 0, 191},
            {191, 0, 0}, {0, 0, 191}, {191, 191, 191}, {64, 64, 64}, {0, 0, 0}};

    @TempDir
    Path dir;

    @Test
    void colourBarsDisplayWithinTwoCodeValuesForEveryMatrixRangeDepthAndTransfer() throws IOException {
        String[] matrices = {"smpte170m", "bt470bg", "bt709", "bt2020nc"};
        String[] ranges = {"tv", "pc"};
        String[] formats = {"yuv420p", "yuv420p10le"};
        String[] transfers = {"bt709", "smpte170m", "bt2020-10", "iec61966-2-1", "unknown"};
        int n = 0;
        List<String> failures = new ArrayList<>();
        for (String m : matrices) {
            for (String r : ranges) {
                for (String f : formats) {
                    String t = transfers[n++ % transfers.length];
                    check(bars(320, m, r, f, t, true), m + "/" + r + "/" + f + "/" + t, failures);
                }
            }
        }
        // untagged: BT.601 for SD sizes, BT.709 for HD, limited range
        check(bars(320, "smpte170m", "tv", "yuv420p", "unknown", false), "untagged SD (BT.601)", failures);
        check(bars(1280, "bt709", "tv", "yuv420p", "unknown", false), "untagged HD (BT.709)", failures);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private void check(Path clip, String what, List<String> failures) {
        BufferedImage shown = display(clip, DisplayOptions.DEFAULT, 4096, 4096);
        int w = shown.getWidth();
        for (int i = 0; i < BARS.length; i++) {
            int rgb = shown.getRGB(w * i / BARS.length + w / BARS.length / 2, shown.getHeight() / 2);
            int[] got = {(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255};
            for (int c = 0; c < 3; c++) {
                if (Math.abs(got[c] - BARS[i][c]) > 2) {
                    failures.add(what + ": bar " + i + " shows " + Arrays.toString(got) + ", want " + Arrays.toString(BARS[i]));
                    break;
                }
            }
        }
    }

    /** Bars encoded losslessly with the given matrix and range, tagged (or not) with them and the transfer. */
    private Path bars(int width, String matrix, String range, String format, String transfer, boolean tagged) throws IOException {
        byte[] rgb = new byte[width * 64 * 3];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < width; x++) {
                int[] c = BARS[x * BARS.length / width];
                for (int k = 0; k < 3; k++) {
                    rgb[3 * (y * width + x) + k] = (byte) c[k];
                }
            }
        }
        Path raw = Files.write(dir.resolve("bars.rgb"), rgb);
        Path out = dir.resolve(String.join("-", matrix, range, format, transfer, String.valueOf(width), tagged ? "t" : "u") + ".mp4");
        List<String> cmd = new ArrayList<>(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x64", "-i", raw.toString(),
                "-vf", "zscale=min=gbr:rin=pc:m=" + matrix + ":r=" + range
                        + ",format=" + format
                        + (tagged ? ",setparams=colorspace=" + matrix + ":color_trc=" + transfer + ":color_primaries=bt709:range=" + range
                        : ",setparams=colorspace=unknown:color_trc=unknown:color_primaries=unknown:range=unknown"),
                "-c:v", "libx264", "-qp", "0", "-frames:v", "1"));
        if (tagged) {
            cmd.addAll(List.of("-colorspace", matrix, "-color_range", range, "-color_trc", transfer, "-color_primaries", "bt709"));
        } else {
            cmd.addAll(List.of("-colorspace", "unknown", "-color_range", "unknown", "-color_trc", "unknown",
                    "-color_primaries", "unknown"));
        }
        cmd.add(out.toString());
        ReferenceTools.run(cmd);
        assertTrue(Files.isRegularFile(out), "ffmpeg made " + out.getFileName() + ": " + cmd);
        VideoStreamInfo v = MediaProbe.probe(out).requireVideo();
        if (tagged) {
            assertEquals(matrix, v.color().matrix(), "ffmpeg tagged the matrix");
        } else {
            assertEquals("unknown", v.color().matrix(), "ffmpeg left the matrix untagged");
        }
        return out;
    }

    @Test
    void hdr10FrameToneMapsLikeZscaleAndTonemap() throws IOException {
        Path clip = SharedData.file("videos/androidx/mp4/hdr10-av1.mp4");
        compareWithGolden(clip, 60, "hdr10-hable-100.png");
    }

    @Test
    void hlgFrameToneMapsLikeZscaleAndTonemap() throws IOException {
        // ../shared/data has no HLG clip: one frame of the HDR10 clip converted to HLG by zscale, coded losslessly
        // (so its decoded frame is exact), with the command make-goldens.sh used for the golden
        Path src = SharedData.file("videos/androidx/mp4/hdr10-av1.mp4");
        Path clip = dir.resolve("hlg.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-y", "-i", src.toString(), "-vf",
                "trim=start_frame=60:end_frame=61,setpts=PTS-STARTPTS,zscale=w=90:h=160:f=bilinear:tin=smpte2084:npl=1000"
                        + ":t=arib-std-b67:m=bt2020nc:p=bt2020,format=yuv420p10le",
                "-frames:v", "1", "-c:v", "libx265", "-x265-params", "lossless=1:log-level=error", "-color_primaries", "bt2020",
                "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc", "-color_range", "tv", clip.toString()));
        assertEquals("arib-std-b67", MediaProbe.probe(clip).requireVideo().color().transfer());
        compareWithGolden(clip, 0, "hlg-hable-100.png");
    }

    /**
     * Interlaced-coded 4:2:0 H.264 (as broadcast and telecined DVD sources are): FFmpeg 8's swscale refused the picture
     * field by field and the studio showed "A preview could not be made"; it converts as a woven picture.
     */
    @Test
    void anInterlacedCodedClipHasAPreviewAndTranscodes() throws IOException {
        Path interlaced = dir.resolve("interlaced.mp4");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=30:duration=0.5", "-vf", "telecine=pattern=23", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-flags", "+ildct+ilme", interlaced.toString()));
        try (VideoReader r = VideoReader.open(interlaced)) {
            PreviewImage p = new PreviewImage();
            assertTrue(r.readPreview(p, 320, 240));
            assertTrue(p.width() == 320 && p.height() == 240, p.width() + "x" + p.height());
        }
        Path out = dir.resolve("out.mkv");
        Transcoder.run(new Transcoder.Request(interlaced, out, EncoderSettings.defaults(VideoCodec.FFV1), false), ProgressListener.NONE,
                new CancellationToken());
        assertTrue(MediaProbe.probe(out).requireVideo().frameCount() > 10);
    }

    @Test
    void masteringAndContentLightLevelsSetThePeak() throws IOException {
        Path src = SharedData.file("videos/androidx/mp4/hdr10-av1.mp4");
        Path tagged = dir.resolve("hdr10-4000.mkv");
        // HEVC with SEI: mastering display 4000 cd/m2 (units of 0.0001), MaxCLL 4000, MaxFALL 400
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-y", "-i", src.toString(),
                "-frames:v", "1", "-vf", "scale=180:320", "-c:v", "libx265", "-pix_fmt", "yuv420p10le",
                "-x265-params", "log-level=error:hdr10=1:repeat-headers=1:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc"
                        + ":master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(40000000,50):max-cll=4000,400",
                "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc", tagged.toString()));
        assertTrue(Files.isRegularFile(tagged), "ffmpeg made the tagged clip");
        try (VideoReader r = VideoReader.open(tagged)) {
            PreviewImage p = new PreviewImage();
            assertTrue(r.readPreview(p, 180, 320));
            assertTrue(p.colorNote().contains("peak 4000 cd/m²") && !p.colorNote().contains("assumed"), p.colorNote());
        }
        try (VideoReader r = VideoReader.open(src)) {
            PreviewImage p = new PreviewImage();
            assertTrue(r.readPreview(p, 180, 320));
            assertTrue(p.colorNote().contains("peak 1000 cd/m² (assumed)"), p.colorNote());
        }
    }

    private void compareWithGolden(Path clip, int frame, String golden) throws IOException {
        BufferedImage want;
        try (InputStream in = getClass().getResourceAsStream("/colour/" + golden)) {
            want = ImageIO.read(in);
        }
        // the goldens use tonemap=hable with npl=100 and a 1000 cd/m2 peak: the same operator and white here
        BufferedImage got = display(clip, frame, new DisplayOptions(ToneMap.HABLE, 100, false), want.getWidth(), want.getHeight());
        if (System.getProperty("colour.dump") != null) {
            ImageIO.write(got, "png", Path.of(System.getProperty("colour.dump"), golden).toFile());
        }
        assertEquals(want.getWidth(), got.getWidth());
        assertEquals(want.getHeight(), got.getHeight());
        int n = want.getWidth() * want.getHeight() * 3;
        int[] diffs = new int[n];
        long sum = 0;
        int i = 0, clipped = 0;
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                int a = want.getRGB(x, y), b = got.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    int va = (a >> s) & 255, vb = (b >> s) & 255;
                    diffs[i++] = Math.abs(va - vb);
                    sum += Math.abs(va - vb);
                    if (vb == 255 && va < 235) {
                        clipped++;
                    }
                }
            }
        }
        Arrays.sort(diffs);
        double mean = (double) sum / n;
        int p99 = diffs[(int) (n * 0.99)];
        String summary = String.format(Locale.ROOT, "%s: mean |diff| %.2f, 99th percentile %d, max %d code values", golden,
                mean, p99, diffs[n - 1]);
        System.out.println(summary);
        // Stated tolerance: mean 1.5, 99th percentile 8 code values. Measured 1.10 / 7 (HDR10) and 1.32 / 7 (HLG).
        // The differences are not in the curves: our math matches a double-precision model of the same
        // formulas within 1 code value. They come from (1) zimg's resampling (the HDR10 frame is scaled
        // 8x; PQ is steep, so a 2-code R'G'B' edge difference becomes 5-7 after tone mapping), (2) zimg
        // applying HLG's system gamma per channel (E^1.2) where BT.2100 applies it to luminance, which we
        // follow, and (3) saturated highlights outside BT.709, which zimg clips per channel and we
        // desaturate towards their luminance.
        assertTrue(mean <= 1.5 && p99 <= 8, summary);
        assertEquals(0, clipped, "no clipped highlights the reference does not clip");
    }

    private static BufferedImage display(Path clip, DisplayOptions options, int maxW, int maxH) {
        return display(clip, 0, options, maxW, maxH);
    }

    private static BufferedImage display(Path clip, int frame, DisplayOptions options, int maxW, int maxH) {
        try (VideoReader r = VideoReader.open(clip)) {
            if (frame > 0) {
                r.seek(frame);
            }
            PreviewImage p = new PreviewImage();
            assertTrue(r.readPreview(p, maxW, maxH, options), "a frame");
            BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_RGB);
            byte[] b = p.bgra();
            for (int y = 0; y < p.height(); y++) {
                for (int x = 0; x < p.width(); x++) {
                    int o = 4 * (y * p.width() + x);
                    img.setRGB(x, y, ((b[o + 2] & 255) << 16) | ((b[o + 1] & 255) << 8) | (b[o] & 255));
                }
            }
            return img;
        }
    }
}
