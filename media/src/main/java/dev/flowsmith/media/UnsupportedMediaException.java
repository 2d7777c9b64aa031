package dev.flowsmith.media;

/** The file uses a format or codec Flowsmith cannot handle. */
public class UnsupportedMediaException extends MediaException {
    public UnsupportedMediaException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public UnsupportedMediaException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
