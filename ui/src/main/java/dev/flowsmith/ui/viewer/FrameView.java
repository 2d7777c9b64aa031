package dev.flowsmith.ui.viewer;

import dev.flowsmith.media.PreviewImage;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.ByteBuffer;

/**
 * An ImageView over a {@link PixelBuffer}: a new frame is copied into the buffer and the image is
 * told which region changed, so no Image is created per frame. FX thread only.
 */
public final class FrameView extends ImageView {
    private PixelBuffer<ByteBuffer> buffer;
    private long shownIndex = -1;
    private java.util.function.Consumer<PreviewImage> onShown = f -> { };

    FrameView(String id, String accessibleText) {
        setId(id);
        setAccessibleText(accessibleText);
        setPreserveRatio(true);
        setSmooth(true);
    }

    void show(PreviewImage frame) {
        int w = frame.width(), h = frame.height();
        if (buffer == null || buffer.getWidth() != w || buffer.getHeight() != h) {
            buffer = new PixelBuffer<>(w, h, ByteBuffer.allocateDirect(w * h * 4), PixelFormat.getByteBgraPreInstance());
            setImage(new WritableImage(buffer));
        }
        buffer.updateBuffer(b -> {
            ByteBuffer bb = b.getBuffer();
            bb.clear();
            bb.put(frame.bgra(), 0, w * h * 4);
            bb.flip();
            return null; // whole image changed
        });
        shownIndex = frame.index();
        onShown.accept(frame);
    }

    /** Told of every frame put on screen (the A/V sync benchmark times the flashes of its test clip with it). */
    public void setOnShown(java.util.function.Consumer<PreviewImage> listener) {
        onShown = listener == null ? f -> { } : listener;
    }

    public long shownIndex() {
        return shownIndex;
    }

    /** Mean of the blue channel, for tests that need to tell two pictures apart. */
    public double meanBlue() {
        if (buffer == null) {
            return -1;
        }
        ByteBuffer b = buffer.getBuffer().duplicate();
        b.rewind();
        long sum = 0;
        int n = 0;
        while (b.remaining() >= 4) {
            sum += b.get() & 0xff;
            b.get();
            b.get();
            b.get();
            n++;
        }
        return n == 0 ? -1 : (double) sum / n;
    }
}
