package dev.flowsmith.app;

import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaException;
import picocli.CommandLine;

/**
 * Prints a failed command's reason as one sentence for the user (plus FFmpeg's words with
 * {@code --verbose} or FLOWSMITH_DEBUG=1), never a stack trace, and picks the exit code.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean debug = System.getenv("FLOWSMITH_DEBUG") != null;
        if (ex instanceof MediaCancelledException) {
            cli.getErr().println("Cancelled. " + ((MediaException) ex).userMessage());
            return Flowsmith.EXIT_CANCELLED;
        }
        if (ex instanceof MediaException) {
            MediaException me = (MediaException) ex;
            cli.getErr().println("Error: " + me.userMessage());
            cli.getErr().println("  details: " + me.getMessage());
        } else if (ex instanceof dev.flowsmith.editing.project.ProjectException pe) {
            cli.getErr().println("Error: " + pe.userMessage());
            cli.getErr().println("  details: " + pe.detail());
        } else if (ex instanceof dev.flowsmith.diffusion.weights.ModelFormatException) {
            cli.getErr().println("Error: " + ex.getMessage());
        } else if (ex instanceof dev.flowsmith.editing.command.EditException) {
            cli.getErr().println("Error: " + ex.getMessage());
            return CommandLine.ExitCode.USAGE;
        } else if (ex instanceof IllegalArgumentException) {
            cli.getErr().println("Error: " + ex.getMessage());
            return CommandLine.ExitCode.USAGE;
        } else {
            cli.getErr().println("Error: an unexpected problem stopped the job: " + ex);
        }
        if (debug) {
            ex.printStackTrace(cli.getErr());
        }
        return Flowsmith.EXIT_FAILED;
    }
}
