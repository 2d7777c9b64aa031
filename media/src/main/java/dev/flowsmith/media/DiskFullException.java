package dev.flowsmith.media;

/** The disk is full. */
public class DiskFullException extends MediaException {
    public DiskFullException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public DiskFullException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
