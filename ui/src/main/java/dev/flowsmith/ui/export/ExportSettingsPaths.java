package dev.flowsmith.ui.export;

/** A typed file name with the container's extension (replacing a media extension the user left). */
final class ExportSettingsPaths {
    private ExportSettingsPaths() {
    }

    static String withExtension(String file, String container) {
        if (file.isBlank() || container == null) {
            return file;
        }
        String base = file.replaceFirst("\\.(mp4|mov|mkv|webm|m4v|avi)$", "");
        return base + "." + container;
    }
}
