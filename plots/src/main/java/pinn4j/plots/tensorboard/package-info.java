/**
 * TensorBoard's event files, written without TensorFlow: {@link pinn4j.plots.tensorboard.EventFileWriter} frames
 * {@code Event} messages as TFRecords, {@link pinn4j.plots.tensorboard.EventFileReader} reads them back checking every
 * checksum, and {@link pinn4j.plots.tensorboard.TensorBoardLog} logs a training's scalars step by step.
 *
 * <p>No maintained Java writer of the format exists (DJL has none; TensorFlow Java's needs its native library), and
 * the scalars need only a few fields of two messages, so they are encoded by field number with protobuf-java's
 * {@code CodedOutputStream} rather than from classes generated from TensorFlow's {@code .proto} files.
 */
package pinn4j.plots.tensorboard;
