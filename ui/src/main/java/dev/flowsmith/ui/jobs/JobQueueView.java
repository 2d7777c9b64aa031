package dev.flowsmith.ui.jobs;

import dev.flowsmith.ui.common.DesktopActions;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The job queue: each job with a progress bar, frames/s and ETA, Cancel while it runs, Open and
 * Reveal once done, and for a failure the user sentence with a toggle for the details.
 */
public final class JobQueueView extends VBox {
    private final ListView<JobModel> list = new ListView<>();
    /** What "Compare with source" does: (source, result); set by the window that owns the viewer. */
    private java.util.function.BiConsumer<java.nio.file.Path, java.nio.file.Path> compare = (s, r) -> { };

    public JobQueueView(JobQueueModel model, DesktopActions desktop) {
        setId("jobQueue");
        setPadding(new Insets(4, 6, 6, 6));
        setSpacing(4);
        Label title = new Label("Jobs");
        title.getStyleClass().add("section-title");
        list.setId("jobList");
        list.setAccessibleText("Job queue");
        list.setItems(model.jobs());
        list.setCellFactory(l -> new JobCell(desktop, (src, out) -> compare.accept(src, out)));
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list);
    }

    public void onCompare(java.util.function.BiConsumer<java.nio.file.Path, java.nio.file.Path> action) {
        compare = action;
    }

    public ListView<JobModel> list() {
        return list;
    }

    private static final class JobCell extends ListCell<JobModel> {
        private final DesktopActions desktop;
        private final java.util.function.BiConsumer<java.nio.file.Path, java.nio.file.Path> compare;

        JobCell(DesktopActions desktop, java.util.function.BiConsumer<java.nio.file.Path, java.nio.file.Path> compare) {
            this.desktop = desktop;
            this.compare = compare;
        }

        @Override
        protected void updateItem(JobModel job, boolean empty) {
            super.updateItem(job, empty);
            if (empty || job == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(job.title());
            name.setMinWidth(220);
            ProgressBar bar = new ProgressBar();
            bar.setId("jobProgress");
            bar.setPrefWidth(220);
            bar.progressProperty().bind(job.progressProperty());
            Label status = new Label();
            status.setId("jobStatus");
            status.textProperty().bind(job.statusProperty());
            Button cancel = new Button("Cancel");
            cancel.setId("cancelJobButton");
            cancel.setAccessibleText("Cancel " + job.title());
            cancel.visibleProperty().bind(job.stateProperty().isEqualTo(JobModel.State.RUNNING));
            cancel.setOnAction(e -> job.cancel());
            Button open = new Button("Open");
            open.setId("openOutputButton");
            open.setAccessibleText("Open the result");
            Button reveal = new Button("Reveal");
            reveal.setId("revealOutputButton");
            reveal.setAccessibleText("Show the result in its folder");
            for (Button b : new Button[]{open, reveal}) {
                b.visibleProperty().bind(job.stateProperty().isEqualTo(JobModel.State.DONE).and(job.outputProperty().isNotNull()));
                b.managedProperty().bind(b.visibleProperty());
            }
            Button compareButton = new Button("Compare with Source");
            compareButton.setId("compareWithSourceButton");
            compareButton.setAccessibleText("Show the result against its source in the viewer");
            compareButton.visibleProperty().bind(job.stateProperty().isEqualTo(JobModel.State.DONE)
                    .and(job.outputProperty().isNotNull()).and(job.sourceProperty().isNotNull().or(job.fromTimelineProperty()).or(job.compareActionProperty().isNotNull())));
            compareButton.managedProperty().bind(compareButton.visibleProperty());
            // a null source means the timeline (a render)
            compareButton.setOnAction(e -> {
                if (job.compareActionProperty().get() != null) {
                    job.compareActionProperty().get().run();
                } else {
                    compare.accept(job.fromTimelineProperty().get() ? null : job.sourceProperty().get(), job.outputProperty().get());
                }
            });
            open.setOnAction(e -> desktop.open(job.outputProperty().get()));
            reveal.setOnAction(e -> desktop.reveal(job.outputProperty().get()));
            Label error = new Label();
            error.setId("jobError");
            error.getStyleClass().add("error");
            error.textProperty().bind(job.errorProperty());
            Label details = new Label();
            details.setId("jobDetails");
            details.setWrapText(true);
            details.textProperty().bind(job.detailsProperty());
            details.setVisible(false);
            details.setManaged(false);
            Hyperlink toggle = new Hyperlink("details");
            toggle.setId("jobDetailsToggle");
            toggle.setAccessibleText("Show or hide the technical details");
            toggle.visibleProperty().bind(job.stateProperty().isEqualTo(JobModel.State.FAILED));
            toggle.setOnAction(e -> {
                details.setVisible(!details.isVisible());
                details.setManaged(details.isVisible());
            });
            cancel.managedProperty().bind(cancel.visibleProperty());
            toggle.managedProperty().bind(toggle.visibleProperty());
            HBox row = new HBox(8, name, bar, status, cancel, compareButton, open, reveal, error, toggle);
            row.setAlignment(Pos.CENTER_LEFT);
            VBox box = new VBox(2, row, details);
            box.getStyleClass().add("job-row");
            setGraphic(box);
        }
    }
}
