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

    @Override
    public Integer call() {
        OptionCheck.range("--count", count, 1, 1000);
        OptionCheck.range("--height", height, 16, 4320);
        List<BufferedImage> images = ThumbnailExtractor.extract(input, count, height);
        try {
            Files.createDirectories(dir);
            String stem = input.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            for (int i = 0; i < images.size(); i++) {
                Path target = dir.resolve(String.format("%s_%03d.png", stem, i + 1));
                Path temp = dir.resolve("." + target.getFileName() + ".part");
                ImageIO.write(images.get(i), "png", temp.toFile());
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.out.println(target);
            }
        } catch (IOException e) {
            throw new MediaException("The thumbnails could not be written to '" + dir + "'.", e.toString(), e);
        }
        return 0;
    }
}
