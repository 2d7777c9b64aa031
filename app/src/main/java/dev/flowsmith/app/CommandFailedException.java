package dev.flowsmith.app;

/** The work cannot be done on this machine or with these files, said in one sentence with the fix: exit code 1. */
final class CommandFailedException extends RuntimeException {
    CommandFailedException(String sentence) {
        super(sentence);
    }
}
