package dev.flowsmith.editing.project;

/** The project was written by a newer Flowsmith; it is left as it is. */
public final class NewerProjectException extends ProjectException {
    public NewerProjectException(String userMessage, String detail) {
        super(userMessage, detail);
    }
}
