package dev.flowsmith.editing;

import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.project.Autosaver;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.editing.project.NewerProjectException;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.project.RecoveryStore;
import dev.flowsmith.editing.project.Relinker;
import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving, opening, damaged and newer files, relinking moved media, autosave and recovery. */
class ProjectFileTest {
    @TempDir
    Path tmp;

    private Project sample() {
        List<MediaRef> m = EditCommandsPropertyTest.media(tmp);
        EditHistory h = new EditHistory(Project.empty(ProjectSettings.DEFAULT));
        h.perform(new InsertClip(m.get(0), 0, 0, 90));
        h.perform(new InsertClip(m.get(1), 90, 0, 60));
        return h.current();
    }

    @Test
    void mediaPathsAreRelativeSoAMovedProjectFolderStillFindsItsMedia() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("job"));
        Path media = Files.write(folder.resolve("clip.mp4"), new byte[]{1});
        Project p = sample().withMedia(List.of(EditCommandsPropertyTest.media(tmp).get(0).withPath(media),
                EditCommandsPropertyTest.media(tmp).get(1).withPath(media)));
        ProjectFile.save(p, folder.resolve("edit.fsproj"));
        assertThat(Files.readString(folder.resolve("edit.fsproj"))).contains("\"path\" : \"clip.mp4\"");
        Path moved = Files.move(folder, tmp.resolve("moved"));
        ProjectFile.Loaded l = ProjectFile.load(moved.resolve("edit.fsproj"));
        assertThat(l.missing()).isEmpty();
        assertThat(l.project().media()).allMatch(m -> m.path().equals(moved.resolve("clip.mp4")));
    }

    @Test
    void damagedAndTruncatedFilesGiveAClearMessageAndAreNotReplaced() throws Exception {
        Path f = tmp.resolve("edit.fsproj");
        ProjectFile.save(sample(), f);
        String good = Files.readString(f);
        Files.writeString(f, good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> ProjectFile.load(f)).isInstanceOf(ProjectException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("line");
        assertThatThrownBy(() -> ProjectFile.save(sample(), f)).isInstanceOf(ProjectException.class)
                .hasMessageContaining("not replaced");
        assertThat(Files.readString(f)).isEqualTo(good.substring(0, good.length() / 2));

        Files.writeString(f, good.replace("\"length\" : 90", "\"length\" : -4"));
        assertThatThrownBy(() -> ProjectFile.load(f)).isInstanceOf(ProjectException.class)
                .hasMessageContaining("would have no frames");
        Files.writeString(f, good.replace("\"start\" : 90", "\"start\" : 10"));
        assertThatThrownBy(() -> ProjectFile.load(f)).hasMessageContaining("overlap");
        Files.writeString(f, "{\"hello\": 1}");
        assertThatThrownBy(() -> ProjectFile.load(f)).hasMessageContaining("is not a Flowsmith project");
    }

    @Test
    void aProjectFromANewerVersionIsRefusedAndLeftAlone() throws Exception {
        Path f = tmp.resolve("future.fsproj");
        ProjectFile.save(sample(), f);
        String newer = Files.readString(f).replace("\"version\" : 2", "\"version\" : 7");
        Files.writeString(f, newer);
        assertThatThrownBy(() -> ProjectFile.load(f)).isInstanceOf(NewerProjectException.class)
                .hasMessageContaining("newer Flowsmith").hasMessageContaining("format 7");
        assertThatThrownBy(() -> ProjectFile.save(sample(), f)).hasMessageContaining("newer Flowsmith");
        assertThat(Files.readString(f)).isEqualTo(newer);
    }

    @Test
    void relinkFindsMovedMediaByNameAndDuration() throws Exception {
        Path clip = SharedData.file("videos/tokenflow/data/wolf.mp4");
        Path old = Files.createDirectories(tmp.resolve("old"));
        Files.copy(clip, old.resolve("wolf.mp4"));
        MediaRef m = MediaImport.ref(old.resolve("wolf.mp4"));
        EditHistory h = new EditHistory(Project.empty(MediaImport.settingsLike(m)));
        h.perform(InsertClip.whole(m, 0));
        Path f = tmp.resolve("p/edit.fsproj");
        ProjectFile.save(h.current(), f);

        Path elsewhere = Files.createDirectories(tmp.resolve("disk2/footage/day1"));
        Files.move(old.resolve("wolf.mp4"), elsewhere.resolve("wolf.mp4"));
        Files.write(Files.createDirectories(tmp.resolve("disk2/decoy")).resolve("wolf.mp4"), new byte[]{0, 1, 2});
        ProjectFile.Loaded l = ProjectFile.load(f);
        assertThat(l.missing()).extracting(MediaRef::name).containsExactly("wolf.mp4");

        Relinker.Result r = Relinker.relink(l.project(), tmp.resolve("disk2"));
        assertThat(r.stillMissing()).isEmpty();
        assertThat(r.project().media().get(0).path()).isEqualTo(elsewhere.resolve("wolf.mp4"));
    }

    @Test
    void autosaveWritesOnlyChangesAndASaveClearsTheRecoveryFile() {
        RecoveryStore store = new RecoveryStore(tmp.resolve("recovery"));
        EditHistory h = new EditHistory(Project.empty(ProjectSettings.DEFAULT));
        Path[] file = {null};
        try (Autosaver a = new Autosaver(h, store, () -> file[0], Duration.ofHours(1), e -> { })) {
            assertThat(a.autosaveIfChanged()).isFalse();
            h.perform(new InsertClip(EditCommandsPropertyTest.media(tmp).get(0), 0, 0, 30));
            assertThat(a.autosaveIfChanged()).isTrue();
            assertThat(a.autosaveIfChanged()).isFalse();
            assertThat(store.list()).singleElement().satisfies(e -> assertThat(e.project()).isNull());
            assertThat(ProjectFile.load(store.list().get(0).file()).project()).isEqualTo(h.current());

            file[0] = tmp.resolve("saved.fsproj");
            ProjectFile.save(h.current(), file[0]);
            a.markSaved(null);
            assertThat(store.list()).isEmpty();
            assertThat(a.hasUnsavedChanges()).isFalse();
            h.perform(new InsertClip(EditCommandsPropertyTest.media(tmp).get(0), 0, 0, 30));
            assertThat(a.hasUnsavedChanges()).isTrue();
            assertThat(a.autosaveIfChanged()).isTrue();
            assertThat(store.list()).singleElement().satisfies(e -> assertThat(e.project()).isEqualTo(file[0].toAbsolutePath()));
        }
        assertThat(store.list()).as("a clean close leaves nothing to recover").isEmpty();
    }
}
