package dev.flowsmith.editing.project;

/** A project that cannot be read or written, with a sentence for the user and the technical detail. */
public class ProjectException extends RuntimeException {
    private final String detail;

    public ProjectException(String userMessage, String detail, Throwable cause) {
        super(userMessage, cause);
        this.detail = detail;
    }

    public ProjectException(String userMessage, String detail) {
        this(userMessage, detail, null);
    }

    public String userMessage() {
        return getMessage();
    }

    public String detail() {
        return detail;
    }
}
