package dev.flowsmith.diffusion.weights;

/** A model file that cannot be used, naming the file and what is wrong with it. */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String userMessage) {
        super(userMessage);
    }

    public ModelFormatException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
