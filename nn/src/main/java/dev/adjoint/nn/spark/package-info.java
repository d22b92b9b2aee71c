/**
 * Training on Apache Spark by synchronous data parallelism, bit-identical to one machine: {@link
 * dev.adjoint.nn.spark.SparkModel} fits a model on an RDD of {@link dev.adjoint.nn.spark.Example}s with the
 * same {@code FitOptions}, callbacks and {@code History} as {@code Model.fit}; each step's batch is split into
 * {@code K = options.shards()} shards whose gradients ({@link dev.adjoint.nn.model.ShardGradient}) are
 * computed on the executors and summed in shard order on the driver, where the optimizer runs once
 * ({@link dev.adjoint.nn.model.ShardedStep}). Spark is a {@code provided} dependency; executors build the
 * model from a {@link dev.adjoint.nn.spark.ModelFactory} and receive parameters as plain arrays, so no model
 * file or JSON library is needed on them. Design, figures and cost model: {@code examples/SPARK.md}.
 */
package dev.adjoint.nn.spark;
