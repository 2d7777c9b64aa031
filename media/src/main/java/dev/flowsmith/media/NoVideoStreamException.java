package dev.flowsmith.media;

/** The file has no video stream. */
public class NoVideoStreamException extends UnsupportedMediaException {
    public NoVideoStreamException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public NoVideoStreamException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
