package dev.flowsmith.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.flowsmith.media.AudioStreamInfo;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SubtitleStreamInfo;
import dev.flowsmith.media.VideoStreamInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code flowsmith probe FILE [--json]}: what a media file holds. */
@Command(name = "probe", description = "Show container, streams, sizes, rotation, colour and frame count of a media file.")
final class ProbeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "media file")
    Path file;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MediaInfo info = MediaProbe.probe(file);
        PrintStream out = System.out;
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .registerModule(new SimpleModule().addSerializer(Path.class, new ToStringSerializer()));
            out.println(mapper.writeValueAsString(info));
        } else {
            out.print(text(info));
        }
        return 0;
    }

    static String text(MediaInfo info) {
        StringBuilder sb = new StringBuilder();
        double d = info.durationSeconds();
        String duration = Double.isFinite(d) && d >= 0 ? String.format(Locale.ROOT, "%.3f s", d) : "duration unknown";
        String rate = info.bitRate() > 0 ? (info.bitRate() / 1000) + " kb/s" : "bit rate unknown";
        sb.append(String.format(Locale.ROOT, "%s%n  container: %s (%s), %s, %d bytes, %s%n", info.path(),
                info.container(), info.containerLongName(), duration, info.sizeBytes(), rate));
        for (VideoStreamInfo v : info.videoStreams()) {
            sb.append(String.format(Locale.ROOT, "  video #%d: %s, %dx%d coded, %dx%d displayed (rotation %s), %s %d-bit%n",
                    v.index(), v.codec(), v.codedWidth(), v.codedHeight(), v.displayWidth(), v.displayHeight(), v.rotation(),
                    v.pixelFormat(), v.bitDepth()));
            sb.append(String.format(Locale.ROOT, "    colour: primaries %s, transfer %s, matrix %s, range %s%s%n",
                    v.color().primaries(), v.color().transfer(), v.color().matrix(), v.color().range(),
                    v.color().isHdr() ? " (HDR)" : ""));
            sb.append(String.format(Locale.ROOT, "    frames: %s%d, avg %s (%s), base %s, %s frame rate, time base %s%n",
                    v.frameCountExact() ? "" : "about ", v.frameCount(), v.avgFrameRate().isKnown()
                            ? String.format(Locale.ROOT, "%.3f fps", v.avgFrameRate().toDouble()) : "rate unknown", v.avgFrameRate(),
                    v.realFrameRate(), v.variableFrameRate() ? "variable" : "constant", v.timeBase()));
        }
        for (AudioStreamInfo a : info.audioStreams()) {
            sb.append(String.format(Locale.ROOT, "  audio #%d: %s, %d Hz, %d channels (%s)%s%n", a.index(), a.codec(),
                    a.sampleRate(), a.channels(), a.channelLayout(), a.language() == null ? "" : ", " + a.language()));
        }
        for (SubtitleStreamInfo s : info.subtitleStreams()) {
            sb.append(String.format(Locale.ROOT, "  subtitles #%d: %s%s%n", s.index(), s.codec(),
                    s.language() == null ? "" : ", " + s.language()));
        }
        return sb.toString();
    }
}
