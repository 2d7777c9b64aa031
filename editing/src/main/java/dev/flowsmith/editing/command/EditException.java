package dev.flowsmith.editing.command;

/** An edit that cannot be made as asked, with a sentence for the user; the project is unchanged. */
public final class EditException extends RuntimeException {
    public EditException(String userMessage) {
        super(userMessage);
    }
}
