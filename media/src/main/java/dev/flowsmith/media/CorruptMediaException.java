package dev.flowsmith.media;

/** The file is damaged, truncated or not a video file. */
public class CorruptMediaException extends MediaException {
    public CorruptMediaException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public CorruptMediaException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
