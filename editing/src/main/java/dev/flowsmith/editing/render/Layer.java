package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;

/**
 * One picture drawn into a timeline frame: clip {@code clip} (of {@code media}, null for a title) at its
 * frame {@code clipFrame}, showing source time {@code sourceMicros}, drawn over what is below with
 * opacity {@code alpha} (the clip's opacity times its fades and transition).
 */
public record Layer(Clip clip, MediaRef media, long clipFrame, long sourceMicros, double alpha) {
}
