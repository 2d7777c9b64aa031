package dev.flowsmith.media;

/**
 * Base of the media engine's errors. Every one carries a sentence meant for the user
 * ({@link #userMessage()}) and, where there is one, the underlying cause with FFmpeg's own words.
 * Unchecked on purpose: callers at the edge (CLI, studio) catch this one type and show the sentence.
 */
public class MediaException extends RuntimeException {
    private final String userMessage;

    public MediaException(String userMessage, String detail, Throwable cause) {
        super(detail == null ? userMessage : userMessage + " (" + detail + ")", cause);
        this.userMessage = userMessage;
    }

    public MediaException(String userMessage, String detail) {
        this(userMessage, detail, null);
    }

    /** One sentence a person can act on, without FFmpeg jargon. */
    public String userMessage() {
        return userMessage;
    }
}
