package dev.flowsmith.media;

/** The output file already exists. */
public class OutputExistsException extends MediaException {
    public OutputExistsException(String userMessage, String detail, Throwable cause) {
        super(userMessage, detail, cause);
    }

    public OutputExistsException(String userMessage, String detail) {
        super(userMessage, detail, null);
    }
}
