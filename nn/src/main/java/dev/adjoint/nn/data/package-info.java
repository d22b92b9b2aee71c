/**
 * Data for training, in the library: datasets ({@link dev.adjoint.nn.data.Dataset}) read from CSV
 * ({@link dev.adjoint.nn.data.CsvReader}, Apache Commons CSV) or from IDX files
 * ({@link dev.adjoint.nn.data.Idx}, the MNIST family); tables with categorical columns and declared missing values
 * ({@link dev.adjoint.nn.data.CsvTable}), missing numbers filled with values measured on the training rows
 * ({@link dev.adjoint.nn.data.Imputer}) and categories looked up as indices ({@link dev.adjoint.nn.data.StringLookup},
 * which a {@link dev.adjoint.nn.layer.CategoryEncoding} layer one-hot encodes in the model); plain and stratified
 * splits ({@link dev.adjoint.nn.data.Split}) and shuffled batches ({@link dev.adjoint.nn.data.Minibatches}), both
 * driven by an explicit key; per-feature standardization and min-max scaling measured on the training rows
 * only ({@link dev.adjoint.nn.data.Scaling}), which give a {@link dev.adjoint.nn.layer.Normalization} that
 * scales tensors and is the model's first layer, so that the model is saved with its preprocessing; one-hot
 * encoding ({@link dev.adjoint.nn.data.OneHot}).
 */
package dev.adjoint.nn.data;
