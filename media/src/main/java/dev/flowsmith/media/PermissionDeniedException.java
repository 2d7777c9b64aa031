package dev.flowsmith.media;

/** Flowsmith is not allowed to read or write that location. */
public class PermissionDeniedException extends MediaException {
    public PermissionDeniedException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public PermissionDeniedException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
