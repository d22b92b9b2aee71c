package dev.adjoint.nn.spark;

/**
 * Where the time of a distributed fit's steps went, summed over its steps: the wall time of each step on the
 * driver (broadcast, Spark job, reduction and update), the slowest shard's computation within each step, and
 * the driver's sum and update. {@link #overheadMillisPerStep()} is what distribution added to the step:
 * scheduling, serialization and transfer.
 *
 * @param steps the number of steps
 * @param wallNanos the steps' wall time on the driver
 * @param slowestShardNanos per step, the longest time an executor spent computing its shard, summed
 * @param updateNanos the driver's summing of the parts and optimizer update
 */
public record StepTimings(long steps, long wallNanos, long slowestShardNanos, long updateNanos) {

    /** No steps yet. */
    public static final StepTimings NONE = new StepTimings(0, 0, 0, 0);

    /** These timings plus one step's. */
    StepTimings plus(long wall, long slowestShard, long update) {
        return new StepTimings(steps + 1, wallNanos + wall, slowestShardNanos + slowestShard, updateNanos + update);
    }

    /** Steps per second of wall time. */
    public double stepsPerSecond() {
        return steps == 0 ? 0 : steps / (wallNanos * 1e-9);
    }

    /** The mean wall time per step not spent computing (the slowest shard) or updating, in milliseconds. */
    public double overheadMillisPerStep() {
        return steps == 0 ? 0 : (wallNanos - slowestShardNanos - updateNanos) * 1e-6 / steps;
    }
}
