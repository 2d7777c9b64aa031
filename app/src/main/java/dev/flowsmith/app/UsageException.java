package dev.flowsmith.app;

/** A command line that cannot run as given (a value out of range, an unknown choice): exit code 2, with the fix. */
final class UsageException extends RuntimeException {
    UsageException(String sentence) {
        super(sentence);
    }
}
