package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.media.CorruptMediaException;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded source frames by source time, for the compositor: one open reader per source (a few, least
 * recently used closed first), each decoding on when the next frame asked for follows the last and
 * seeking otherwise. A time past a source's last frame holds that frame (a transition's tail, rounding
 * at a clip's end). One thread only.
 */
public final class SourceFrames implements AutoCloseable {
    /** Which frame of {@code m} is on screen at {@code micros} from its start. */
    public interface FrameLocator {
        int frameAt(MediaRef m, long micros);
    }

    /** Nearest frame by the media's nominal rate (when no packet index was scanned). */
    public static final FrameLocator NOMINAL = (m, micros) -> (int) Math.floor(micros * m.rate().fps() / 1e6 + 1e-3);

    private static final int OPEN = 6;

    private static final class Source {
        final VideoReader reader;
        VideoFrame current;

        Source(VideoReader reader) {
            this.reader = reader;
        }
    }

    private final FrameLocator locator;
    private final Map<String, Source> open = new LinkedHashMap<>(8, 0.75f, true);

    public SourceFrames(FrameLocator locator) {
        this.locator = locator;
    }

    /** The frame of {@code m} shown at {@code micros}; valid until the next call for the same source. */
    public VideoFrame frameAt(MediaRef m, long micros) {
        Source s = source(m);
        int want = Math.max(0, locator.frameAt(m, micros));
        if (s.current != null && s.current.index() == want) {
            return s.current;
        }
        if (s.current == null || want < s.current.index() || want > s.current.index() + 8) {
            s.reader.seek(want);
            s.current = null;
        }
        VideoFrame last = s.current;
        while (true) {
            VideoFrame f = s.reader.read();
            if (f == null) {
                if (last == null) {
                    throw new CorruptMediaException("'" + m.name() + "' ended before frame " + want + ".", "short read");
                }
                s.current = last;
                return last;
            }
            last = f;
            if (f.index() >= want) {
                s.current = f;
                return f;
            }
        }
    }

    private Source source(MediaRef m) {
        Source s = open.get(m.id());
        if (s == null) {
            if (open.size() >= OPEN) {
                Iterator<Map.Entry<String, Source>> it = open.entrySet().iterator();
                it.next().getValue().reader.close();
                it.remove();
            }
            s = new Source(VideoReader.open(m.path()));
            open.put(m.id(), s);
        }
        return s;
    }

    @Override
    public void close() {
        open.values().forEach(s -> s.reader.close());
        open.clear();
    }
}
