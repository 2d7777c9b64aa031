package dev.flowsmith.app;

import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command-line conventions: --help everywhere (exit 0), exit 2 only for a wrong command line and at once (before any
 * work, naming the option and its valid range), exit 1 when the work fails, and file names that start with '-'.
 */
@Timeout(120)
class CliConventionsTest extends ConsoleCapture {
    private static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4";
    @TempDir
    Path dir;
    @Test
    void everyCommandAndSubcommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Flowsmith()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (List<String> p : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(p);
                args.add(flag);
                out.reset();
                assertThat(Flowsmith.run(args.toArray(new String[0]))).as("flowsmith " + String.join(" ", args)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).contains("Usage: flowsmith");
            }
        }
    }

    private static void collect(CommandLine cli, List<String> prefix, List<List<String>> into) {
        into.add(prefix);
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                collect(sub, p, into);
            }
        });
    }

    /** Each line: the arguments (| separated), then the option the message must name. */
    @ParameterizedTest
    @ValueSource(strings = {
            "restore|IN|OUT|--task|denoise|--sigma|-5 => --sigma",
            "restore|IN|OUT|--task|denoise|--sigma|NaN => --sigma",
            "restore|IN|OUT|--task|denoise|--sigma|10000 => --sigma",
            "restore|IN|OUT|--task|denoise|--segment-seconds|0 => --segment-seconds",
            "restore|IN|OUT|--task|denoise|--segment-seconds|-4 => --segment-seconds",
            "restore|IN|OUT|--task|denoise|--segment-seconds|NaN => --segment-seconds",
            "restore|IN|OUT|--task|denoise|--radius|99 => --radius",
            "restore|IN|OUT|--task|deblur|--motion|-5@1000 => --motion",
            "restore|IN|OUT|--task|deblur|--motion|abc => --motion",
            "restore|IN|OUT|--task|deblur|--motion|9@Infinity => --motion",
            "restore|IN|OUT|--task|deblur|--method|bogus => --method",
            "restore|IN|OUT|--task|sr|--method|bogus => --method",
            "restore|IN|OUT|--task|sr|--scale|9 => --scale",
            "restore|IN|OUT|--task|paint => --task",
            "restore|IN|OUT|--task|denoise|--crf|99 => --crf",
            "restore|IN|OUT|--task|denoise|--preset|warp9 => --preset",
            "transcode|IN|OUT|--bit-depth|12 => --bit-depth",
            "keyframes|IN|--out|DIR|--sensitivity|-5 => --sensitivity",
            "keyframes|IN|--out|DIR|--max-length|0 => --max-length",
            "keyframes|IN|--out|DIR|--edit|sepia => edit",
            "thumbs|IN|DIR|--count|0 => --count",
            "thumbs|IN|DIR|--height|-1 => --height",
            "render|PROJECT|OUT|--segment-seconds|0 => --segment-seconds",
            "calibrate|IN|--frames|0 => --frames",
    })
    void absurdOptionValuesAreRefusedAtOnceWithTheRange(String line) throws Exception {
        String[] parts = line.split(" => ");
        Path in = SharedData.file(FLOWER);
        List<String> args = new ArrayList<>();
        for (String a : parts[0].split("\\|")) {
            args.add(switch (a) {
                case "IN" -> in.toString();
                case "OUT" -> dir.resolve("out.mp4").toString();
                case "DIR" -> dir.resolve("frames").toString();
                case "PROJECT" -> dir.resolve("missing.fsproj").toString();
                default -> a;
            });
        }
        long t0 = System.nanoTime();
        int code = Flowsmith.run(args.toArray(new String[0]));
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(code).as(line + "\n" + stderr()).isEqualTo(2);
        assertThat(stderr()).as(line).startsWith("Error: ").contains(parts[1]).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(secs).as("refused before any work").isLessThan(10);
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).as("nothing written").isEmpty();
        }
    }

    @Test
    void aFileNameStartingWithDashWorksAfterDoubleDash() throws Exception {
        Path dash = dir.resolve("-flower.mp4");
        Files.copy(SharedData.file(FLOWER), dash);
        int code = Flowsmith.run("probe", dash.getFileName().toString().equals("-flower.mp4") ? "-flower.mp4" : "x");
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("goes after '--'");
        assertThat(Flowsmith.run("probe", "--", dash.toString())).as(stderr()).isZero();
    }

    @Test
    void learnedUpscalersByNameSayWhereTheirModelGoes() {
        String before = System.getProperty("flowsmith.models");
        System.setProperty("flowsmith.models", dir.resolve("no-models").toString());
        try {
            Path out = dir.resolve("x2.mp4");
            assertThat(Flowsmith.run("restore", "--task", "sr", "--method", "espcn", SharedData.file(FLOWER).toString(),
                    out.toString())).isEqualTo(2);
            assertThat(stderr()).contains("ESPCN x2 is not installed: put ESPCN_x2.pb")
                    .contains(dir.resolve("no-models").resolve("sr").toString());
            assertThat(out).doesNotExist();
        } finally {
            if (before == null) {
                System.clearProperty("flowsmith.models");
            } else {
                System.setProperty("flowsmith.models", before);
            }
        }
    }

    @Test
    void workThatFailsExitsOneNotTwo() throws Exception {
        Path junk = dir.resolve("junk.mp4");
        Files.write(junk, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(Flowsmith.run("probe", junk.toString())).isEqualTo(1);
        assertThat(Flowsmith.run("restore", junk.toString(), dir.resolve("o.mp4").toString(), "--task", "denoise")).isEqualTo(1);
        assertThat(Flowsmith.run("transcode", junk.toString(), dir.resolve("o.mp4").toString())).isEqualTo(1);
        assertThat(stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anOutputThatIsAFolderIsRefusedBeforeAnyWork() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("out.mp4"));
        assertThat(Flowsmith.run("transcode", SharedData.file(FLOWER).toString(), folder.toString())).isEqualTo(1);
        assertThat(stderr()).contains("is a folder");
    }

    @Test
    void anOutputNameTooLongForTheFileSystemIsRefusedBeforeAnyWork() {
        String name = "x".repeat(240) + ".mp4"; // fits alone (244 bytes), not with the hidden temp name
        assertThat(Flowsmith.run("transcode", SharedData.file(FLOWER).toString(), dir.resolve(name).toString())).isEqualTo(1);
        assertThat(stderr()).contains("too long for the file system");
    }
}
