package dev.flowsmith.restoration.modelfiles;

import dev.flowsmith.media.MediaException;

/** A model file is malformed or uses something Flowsmith cannot run; the message names the file and the problem. */
public class ModelFormatException extends MediaException {
    public ModelFormatException(String userMessage, String detail) {
        super(userMessage, detail);
    }
}
