package dev.flowsmith.restoration.ncnn;

/** One layer of an ncnn graph: its inputs' blobs in, its outputs' blobs out (inputs are never changed). */
interface Layer {
    Mat[] forward(Mat[] in, Compute compute);

    /** The single-output case, most layers. */
    static Mat[] one(Mat m) {
        return new Mat[]{m};
    }
}
