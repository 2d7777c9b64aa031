package dev.flowsmith.ui.common;

import dev.flowsmith.media.VideoReader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A few open video readers, least recently used closed first, so a worker that hops between files
 * (a timeline's cuts, thumbnails of many clips) does not reopen them. One thread only.
 */
public final class ReaderPool implements AutoCloseable {
    private final int size;
    private final Map<Path, VideoReader> readers = new LinkedHashMap<>(8, 0.75f, true);

    public ReaderPool(int size) {
        this.size = size;
    }

    public VideoReader get(Path p) {
        VideoReader r = readers.get(p);
        if (r == null) {
            if (readers.size() >= size) {
                var eldest = readers.entrySet().iterator().next();
                eldest.getValue().close();
                readers.remove(eldest.getKey());
            }
            r = VideoReader.open(p);
            readers.put(p, r);
        }
        return r;
    }

    @Override
    public void close() {
        readers.values().forEach(VideoReader::close);
        readers.clear();
    }
}
