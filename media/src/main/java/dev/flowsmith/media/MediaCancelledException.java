package dev.flowsmith.media;

/** The job was cancelled. */
public class MediaCancelledException extends MediaException {
    public MediaCancelledException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public MediaCancelledException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
