package dev.flowsmith.media;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ScratchTest {
    @Test
    void dump() {
        for (Path p : SharedData.videos("androidx", "mdn", "tokenflow", "derived", "sam2")) {
            long t0 = System.nanoTime();
            try {
                MediaInfo info = MediaProbe.probe(p);
                VideoStreamInfo v = info.requireVideo();
                long n = 0;
                int w = 0, h = 0;
                try (VideoReader r = VideoReader.open(p)) {
                    VideoFrame f;
                    while ((f = r.read()) != null) { n++; w = f.width(); h = f.height(); }
                }
                System.out.printf("%-60s %s %dx%d disp %dx%d rot=%s %s depth=%d vfr=%s count=%d%s decoded=%d (%dx%d) %.0fms%n",
                        p.getFileName(), v.codec(), v.codedWidth(), v.codedHeight(), v.displayWidth(), v.displayHeight(),
                        v.rotation(), v.pixelFormat(), v.bitDepth(), v.variableFrameRate(), v.frameCount(), v.frameCountExact() ? "" : "~",
                        n, w, h, (System.nanoTime() - t0) / 1e6);
            } catch (MediaException e) {
                System.out.printf("%-60s ERROR %s%n", p.getFileName(), e.getMessage());
            }
        }
    }
}
