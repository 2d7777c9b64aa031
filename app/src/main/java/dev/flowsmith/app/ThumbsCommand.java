package dev.flowsmith.app;

import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.ThumbnailExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code flowsmith thumbs IN DIR --count N}: evenly spaced PNG thumbnails. */
@Command(name = "thumbs", description = "Write N evenly spaced thumbnails of a video as PNG files into DIR.")
final class ThumbsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Option(names = "--count", defaultValue = "10", description = "how many (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--height", defaultValue = "180", description = "pixel height (default ${DEFAULT-VALUE})")
    int height;

    @Option(names = {"-y", "--overwrite"}, description = "replace thumbnails of an earlier run in DIR")
    boolean overwrite;

    @Override
    public Integer call() {
        OptionCheck.range("--count", count, 1, 1000);
        OptionCheck.range("--height", height, 16, 4320);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("'" + dir + "' is a file: give a folder for the thumbnails.");
        }
        String stem = input.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        List<Path> targets = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(dir.resolve(String.format("%s_%03d.png", stem, i + 1)));
        }
        List<Path> existing = targets.stream().filter(Files::exists).toList();
        if (!existing.isEmpty() && !overwrite) {
            throw new CommandFailedException("'" + dir + "' already has " + existing.size() + " of these thumbnails (e.g. "
                    + existing.get(0).getFileName() + "): choose another folder, or pass --overwrite to replace them.");
        }
        List<BufferedImage> images = ThumbnailExtractor.extract(input, count, height);
        if (images.isEmpty()) {
            throw new CommandFailedException("No frame of '" + input.getFileName() + "' could be decoded: check it with 'flowsmith probe'.");
        }
        // all or nothing: every PNG is written to a hidden staging folder first, so a full disk leaves no partial set
        Path staging = null;
        try {
            Files.createDirectories(dir);
            staging = Files.createTempDirectory(dir, ".flowsmith-thumbs-");
            for (int i = 0; i < images.size(); i++) {
                ImageIO.write(images.get(i), "png", staging.resolve(targets.get(i).getFileName().toString()).toFile());
            }
            for (int i = 0; i < images.size(); i++) {
                Path target = targets.get(i);
                Files.move(staging.resolve(target.getFileName().toString()), target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                System.out.println(target);
            }
        } catch (IOException e) {
            String why = diskFull(e) ? "the disk is full" : e.getMessage();
            throw new MediaException("The thumbnails could not be written to '" + dir + "' (" + why + "); none were left there.",
                    e.toString(), e);
        } finally {
            if (staging != null) {
                try (var left = Files.list(staging)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(staging);
                } catch (IOException ignored) {
                    // a hidden, empty-ish folder at worst
                }
            }
        }
        return 0;
    }

    /** ImageIO wraps the file system's "No space left on device" in its own exceptions: look down the causes. */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }
}
