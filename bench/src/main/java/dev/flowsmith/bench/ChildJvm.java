package dev.flowsmith.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory benchmarks run each case in a child JVM with a fixed, pre-touched heap and read the child's
 * own peak RSS (VmHWM): the child prints one line {@code VmHWM_kB N key value ...} and the parent
 * gets its words back.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Runs {@code main} with {@code args} in a child JVM with heap {@code heap} (e.g. "256m"); returns the words of its VmHWM line. */
    public static String[] peakRss(Class<?> main, String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        for (String line : out.split("\\R")) {
            if (line.startsWith("VmHWM_kB ")) {
                return line.split(" ");
            }
        }
        throw new IllegalStateException("child printed no VmHWM: " + out);
    }

    /** This process's peak RSS in kB, for the child's report line. */
    public static String vmHwmKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.replaceAll("\\D", "");
            }
        }
        return "0";
    }
}
