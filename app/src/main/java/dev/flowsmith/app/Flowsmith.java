package dev.flowsmith.app;

import dev.flowsmith.media.FFmpegLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The {@code flowsmith} command line: the same engine as the studio, for batch jobs and tests.
 * Exit codes: 0 done, 1 the job failed (the reason is printed), 2 bad usage only, 130 cancelled (Ctrl-C or SIGTERM).
 * Every command and subcommand takes {@code -h/--help} (exit 0).
 */
@Command(name = "flowsmith", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Flowsmith.Version.class,
        description = "Restore and edit long videos.",
        subcommands = {StudioCommand.class, ProbeCommand.class, DevicesCommand.class, RestoreCommand.class, InterpolateCommand.class, RenderCommand.class, ProjectCommand.class, KeyframesCommand.class, PropagateCommand.class, EditCommand.class, SubmitCommand.class, WorkerCommand.class, FarmCommand.class, ModelsCommand.class, CalibrateCommand.class, TranscodeCommand.class, ThumbsCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Flowsmith {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CANCELLED = 130;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Flowsmith());
        ErrorReporter reporter = new ErrorReporter();
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        // 'submit ... restore IN OUT --task denoise': everything after the command is the command's
        cli.getSubcommands().get("submit").setStopAtPositional(true);
        try {
            return cli.execute(args);
        } catch (Error e) {
            return ErrorReporter.handleError(e, cli.getErr());
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Flowsmith.class.getResourceAsStream("/flowsmith-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to "dev"
        }
        return p.getProperty("version", "dev");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"Flowsmith " + version(),
                    "FFmpeg " + FFmpegLibrary.version() + " (GPL build with libx264/libx265)",
                    "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch"),
                    "License: GPL-3.0-or-later"};
        }
    }
}
