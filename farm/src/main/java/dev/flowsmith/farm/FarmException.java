package dev.flowsmith.farm;

/** A farm operation that failed, with one sentence for the user (server unreachable, job unknown, job failed). */
public class FarmException extends RuntimeException {
    public FarmException(String sentence) {
        super(sentence);
    }
}
