package dev.flowsmith.media;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ScratchTest {
    @Test
    void dump() {
        String[][] jobs = {
            {"videos/androidx/vp9/roadtrip-vp92-10bit.webm", "/tmp/t_vp9.webm", "vp9", "10"},
        };
        for (String[] j : jobs) {
            long t0 = System.nanoTime();
            try {
                var r = Transcoder.run(new Transcoder.Request(SharedData.file(j[0]), Path.of(j[1]),
                        EncoderSettings.defaults(VideoCodec.parse(j[2])).withBitDepth(Integer.parseInt(j[3])).withPreset("veryfast"), true),
                        ProgressListener.NONE, new CancellationToken());
                System.out.println(j[1] + " frames=" + r.frames() + " copied=" + r.copiedStreams() + " dropped=" + r.droppedStreams()
                        + " " + (System.nanoTime() - t0) / 1e6 + "ms");
            } catch (MediaException e) {
                e.printStackTrace(System.out);
            }
        }
    }
}
