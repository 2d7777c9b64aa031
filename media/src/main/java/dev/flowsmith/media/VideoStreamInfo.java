package dev.flowsmith.media;

/**
 * One video stream as the prober saw it.
 *
 * @param codedWidth        width of the decoded picture, before rotation
 * @param displayWidth      width a player shows, after the display rotation
 * @param rotation          how the decoded picture is turned for display
 * @param bitDepth          bits per component of the decoded pixel format (8, 10, 12, 16)
 * @param avgFrameRate      frames / duration
 * @param realFrameRate     FFmpeg's guess of the base rate (r_frame_rate)
 * @param variableFrameRate frame durations differ (measured on the timestamps when they were scanned)
 * @param frameCount        number of frames
 * @param frameCountExact   true when counted or stored in the container; false when estimated from
 *                          duration times frame rate
 */
public record VideoStreamInfo(int index, String codec, String codecLongName, int codedWidth, int codedHeight,
                              int displayWidth, int displayHeight, Orientation rotation, Rational sampleAspectRatio,
                              String pixelFormat, int bitDepth, ColorInfo color, Rational avgFrameRate,
                              Rational realFrameRate, boolean variableFrameRate, long frameCount,
                              boolean frameCountExact, Rational timeBase, double durationSeconds, long bitRate) {
}
