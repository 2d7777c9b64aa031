/** The job queue at the bottom of the studio: each job's model (progress, frames/s, ETA, state, error) and the view with Cancel, Open and Reveal. */
package dev.flowsmith.ui.jobs;
