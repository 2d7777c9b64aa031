package dev.flowsmith.media;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The system's sound device through javax.sound (ALSA on Linux): a line with about 100 ms of buffer,
 * so the clock (frames the device has played) is close to what is heard and a pause stops quickly.
 */
public final class JavaSoundOutput implements AudioPlayback.Output {
    private SourceDataLine line;

    @Override
    public String open(int rate) {
        AudioFormat f = new AudioFormat(rate, 16, 2, true, false);
        try {
            line = AudioSystem.getSourceDataLine(f);
            line.open(f, rate / 10 * 4);
            line.start();
            return null;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException | LinkageError e) {
            // LinkageError: the JDK's sound library cannot load (no libasound2 on a minimal system)
            line = null;
            return "No sound device is available, so playback is silent (check the system's sound output).";
        }
    }

    @Override
    public void write(byte[] pcm, int length) {
        if (line != null) {
            line.write(pcm, 0, length);
        }
    }

    @Override
    public long framesPlayed() {
        return line == null ? 0 : line.getLongFramePosition();
    }

    @Override
    public void close() {
        if (line != null) {
            line.stop();
            line.flush();
            line.close();
            line = null;
        }
    }
}
