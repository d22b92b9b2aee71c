package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Subgraph;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * Not API: how the control-flow ops evaluate their bodies ({@link Subgraph#call}), installed through
 * {@link java.util.ServiceLoader}: each body is compiled once into a {@link Function} of its parameters, which
 * every step of a loop then calls. Inside a call with anomaly detection ({@link Function#withAnomalyDetection()}),
 * the body runs checked as well.
 */
public final class CompiledSubgraphs implements Subgraph.Evaluator {

    @Override
    public Subgraph.Executable prepare(Subgraph body) {
        return new Compiled(Function.of(body.parameters(), body.results()));
    }

    /** A compiled body, and its checked form once a checked call needed it. */
    private static final class Compiled implements Subgraph.Executable {
        private final Function function;
        private volatile Function checked;

        Compiled(Function function) {
            this.function = function;
        }

        @Override
        public List<Tensor> call(List<Tensor> args) {
            if (!CheckingRunner.active()) {
                return function.call(args);
            }
            Function f = checked;
            if (f == null) {
                f = function.withAnomalyDetection();
                checked = f;
            }
            return f.call(args);
        }

        @Override
        public void reclaim(List<Tensor> results) {
            function.reclaim(results);
        }
    }
}
