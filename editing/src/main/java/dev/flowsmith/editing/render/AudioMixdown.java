package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.media.AudioFileWriter;
import dev.flowsmith.media.AudioReader;
import dev.flowsmith.media.CancellationToken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline's sound as one AAC file exactly as long as the picture: every audio track's clips,
 * each read from its source at the right sample (so sound and picture of a clip stay together across
 * cuts), summed and clipped to [-1, 1], silence where nothing plays. Clip boundaries are placed at
 * the exact sample of their frame; readers are opened when a clip starts and closed when it ends,
 * so memory does not depend on the number of clips.
 */
public final class AudioMixdown {
    static final int CHUNK = 4096;
    private static final int BIT_RATE = 192_000;

    private AudioMixdown() {
    }

    /** Sample index at which timeline frame {@code frame} starts. */
    static long sampleAt(Project p, long frame) {
        return Math.floorDiv(frame * p.settings().sampleRate() * (long) p.rate().den(), p.rate().num());
    }

    public static Path render(Project p, Path target, List<Path> inputs, CancellationToken cancel) {
        int rate = p.settings().sampleRate();
        long total = sampleAt(p, p.duration());
        List<Clip> clips = new ArrayList<>();
        for (Track t : p.tracks()) {
            if (t.kind() == TrackKind.AUDIO) {
                clips.addAll(t.clips());
            }
        }
        clips.sort(Comparator.comparingLong(Clip::start));
        Map<Long, AudioReader> open = new HashMap<>();
        float[] mix = new float[CHUNK * AudioReader.CHANNELS], tmp = new float[CHUNK * AudioReader.CHANNELS];
        int next = 0;
        List<Clip> active = new ArrayList<>();
        try (AudioFileWriter w = AudioFileWriter.open(target, rate, BIT_RATE, true, inputs)) {
            for (long s = 0; s < total; s += CHUNK) {
                cancel.check();
                int n = (int) Math.min(CHUNK, total - s);
                java.util.Arrays.fill(mix, 0, n * AudioReader.CHANNELS, 0f);
                while (next < clips.size() && sampleAt(p, clips.get(next).start()) < s + n) {
                    active.add(clips.get(next++));
                }
                for (var it = active.iterator(); it.hasNext(); ) {
                    Clip c = it.next();
                    long cs = sampleAt(p, c.start()), ce = sampleAt(p, c.end());
                    if (ce <= s) {
                        closeReader(open, c);
                        it.remove();
                        continue;
                    }
                    long from = Math.max(s, cs), to = Math.min(s + n, ce);
                    if (from >= to) {
                        continue;
                    }
                    AudioReader r = open.computeIfAbsent(c.id(), id -> {
                        AudioReader ar = AudioReader.open(p.mediaRef(c.mediaId()).path(), rate);
                        ar.seek(Math.round(c.sourceIn() * (double) rate / 1e6) + (from - cs));
                        return ar;
                    });
                    int want = (int) (to - from);
                    int got = r.read(tmp, want);
                    int off = (int) (from - s) * AudioReader.CHANNELS;
                    for (int i = 0; i < got * AudioReader.CHANNELS; i++) {
                        mix[off + i] += tmp[i];
                    }
                }
                for (int i = 0; i < n * AudioReader.CHANNELS; i++) {
                    mix[i] = Math.max(-1f, Math.min(1f, mix[i]));
                }
                w.write(mix, n);
            }
            return w.finish();
        } finally {
            open.values().forEach(AudioReader::close);
        }
    }

    private static void closeReader(Map<Long, AudioReader> open, Clip c) {
        AudioReader r = open.remove(c.id());
        if (r != null) {
            r.close();
        }
    }
}
