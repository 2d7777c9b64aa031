package dev.flowsmith.restoration.natives;

import org.bytedeco.javacpp.Loader;

/**
 * Loads the OpenCV modules Flowsmith uses without OpenCV's GUI module, so the engine runs on servers and farm
 * workers that have no desktop libraries.
 *
 * <p>Why this is needed: JavaCPP loads every module a preset inherits from, and {@code opencv_video} (DIS optical
 * flow) inherits {@code calib3d -> features2d -> highgui}, whose native library links GTK 2
 * ({@code libgtk-x11-2.0.so.0}). Nothing in OpenCV's video, calib3d or features2d libraries needs highgui (their ELF
 * dependencies stop at dnn, flann, imgproc and core); only the Java-side chain does. So highgui's Java class is
 * initialised once with JavaCPP's library loading switched off, after which loading {@code opencv_video} skips it
 * (JavaCPP tolerates a failed link library when the module's own JNI library loads). Flowsmith never opens an OpenCV
 * window. Call {@link #ensureLoaded()} before the first OpenCV use; it is idempotent and cheap afterwards.
 */
public final class OpenCvNatives {
    private static final String LOAD_LIBRARIES = "org.bytedeco.javacpp.loadLibraries";
    private static volatile boolean loaded;

    private OpenCvNatives() {
    }

    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (OpenCvNatives.class) {
            if (loaded) {
                return;
            }
            String previous = System.getProperty(LOAD_LIBRARIES);
            System.setProperty(LOAD_LIBRARIES, "false");
            try {
                Class.forName("org.bytedeco.opencv.global.opencv_highgui", true, OpenCvNatives.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // a build without highgui: nothing to skip
            } finally {
                if (previous == null) {
                    System.clearProperty(LOAD_LIBRARIES);
                } else {
                    System.setProperty(LOAD_LIBRARIES, previous);
                }
            }
            Loader.load(org.bytedeco.opencv.global.opencv_core.class);
            Loader.load(org.bytedeco.opencv.global.opencv_imgproc.class);
            Loader.load(org.bytedeco.opencv.global.opencv_photo.class);
            Loader.load(org.bytedeco.opencv.global.opencv_video.class);
            loaded = true;
        }
    }
}
