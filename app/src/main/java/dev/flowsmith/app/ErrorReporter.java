package dev.flowsmith.app;

import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Prints a failed command's reason as one sentence for the user, never a stack trace or an internal exception name
 * (FFmpeg's words and the trace with {@code FLOWSMITH_DEBUG=1}), and picks the exit code: 1 the work failed (bad
 * media, a damaged project, a full disk, a missing device), 2 the command line itself is wrong, 130 cancelled.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static boolean debug() {
        return System.getenv("FLOWSMITH_DEBUG") != null && !System.getenv("FLOWSMITH_DEBUG").isEmpty();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (ex instanceof UsageException || ex instanceof CommandLine.ParameterException) {
            err.println("Error: " + ex.getMessage());
            err.println("See '" + cli.getCommandSpec().qualifiedName() + " --help'.");
            return CommandLine.ExitCode.USAGE;
        }
        if (ex instanceof MediaCancelledException) {
            err.println("Cancelled. " + ((MediaException) ex).userMessage());
            return Flowsmith.EXIT_CANCELLED;
        }
        if (ex instanceof MediaException me) {
            err.println("Error: " + me.userMessage());
            if (debug()) {
                err.println("  details: " + me.getMessage());
            }
        } else if (ex instanceof dev.flowsmith.editing.project.ProjectException pe) {
            err.println("Error: " + pe.userMessage());
            if (debug()) {
                err.println("  details: " + pe.detail());
            }
        } else if (ex instanceof CommandFailedException || ex instanceof dev.flowsmith.farm.FarmException
                || ex instanceof dev.flowsmith.diffusion.weights.ModelFormatException
                || ex instanceof dev.flowsmith.editing.command.EditException
                || ex instanceof IllegalArgumentException) {
            // engine checks whose message is written for the user
            err.println("Error: " + sentence(ex.getMessage()));
        } else {
            err.println("Error: " + unexpected(cli.getCommandSpec().qualifiedName()));
        }
        if (debug()) {
            ex.printStackTrace(err);
        }
        return Flowsmith.EXIT_FAILED;
    }

    /** For what is not an Exception (out of memory, a native library that will not load), caught by {@link Flowsmith#run}. */
    static int handleError(Error e, PrintWriter err) {
        if (e instanceof OutOfMemoryError) {
            err.println("Error: Flowsmith ran out of memory. Close other programs, or give it more with "
                    + "FLOWSMITH_JAVA_OPTS=-Xmx8g (about half the machine's memory); nothing was overwritten.");
        } else if (e instanceof StackOverflowError) {
            err.println("Error: the input is nested too deeply to read (a damaged or hostile file); nothing was changed.");
        } else if (e instanceof UnsatisfiedLinkError) {
            err.println("Error: a native library Flowsmith needs could not be loaded (" + firstLine(e.getMessage())
                    + "). Reinstall Flowsmith, or run with FLOWSMITH_DEBUG=1 and report it.");
        } else {
            err.println("Error: " + unexpected("flowsmith"));
        }
        if (debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return Flowsmith.EXIT_FAILED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("Error: " + ex.getMessage());
        for (String a : args) {
            if ("--".equals(a)) {
                break;
            }
            if (a.startsWith("-") && !a.startsWith("--") && (a.contains(".") || a.contains("/"))) {
                err.println("A file whose name starts with '-' goes after '--', e.g. "
                        + cli.getCommandSpec().qualifiedName() + " -- " + a);
                break;
            }
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
        }
        err.println("See '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        return CommandLine.ExitCode.USAGE;
    }

    private static String unexpected(String command) {
        return "an internal problem stopped '" + command + "'; nothing was overwritten. Run it again with FLOWSMITH_DEBUG=1 "
                + "to see the details, and please report them.";
    }

    private static String sentence(String m) {
        if (m == null || m.isBlank()) {
            return "the job could not run with these inputs.";
        }
        return m;
    }

    private static String firstLine(String m) {
        return m == null ? "unknown" : m.lines().findFirst().orElse(m);
    }
}
