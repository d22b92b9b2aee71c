/**
 * Data for training, in the library: datasets ({@link dev.adjoint.nn.data.Dataset}) read from CSV
 * ({@link dev.adjoint.nn.data.CsvReader}, Apache Commons CSV) or from IDX files
 * ({@link dev.adjoint.nn.data.Idx}, the MNIST family); plain and stratified splits
 * ({@link dev.adjoint.nn.data.Split}) and shuffled batches ({@link dev.adjoint.nn.data.Minibatches}), both
 * driven by an explicit key; per-feature standardization and min-max scaling fitted on the training rows
 * only ({@link dev.adjoint.nn.data.Standardizer}, {@link dev.adjoint.nn.data.MinMaxScaler}), which become a
 * model's first layer ({@link dev.adjoint.nn.layer.Normalization}) so that the model is saved with its
 * preprocessing; one-hot encoding ({@link dev.adjoint.nn.data.OneHot}).
 */
package dev.adjoint.nn.data;
