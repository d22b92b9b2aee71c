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
            return checked().call(args);
        }

        /** The checked form, made on the first checked call. */
        private Function checked() {
            Function f = checked;
            if (f == null) {
                f = function.withAnomalyDetection();
                checked = f;
            }
            return f;
        }

        @Override
        public boolean sameOnOtherThreads() {
            return !CheckingRunner.active();
        }

        /** Inside a checked call, the checked form on whichever thread runs it; else this. */
        @Override
        public Subgraph.Executable asOnThisThread() {
            if (!CheckingRunner.active()) {
                return this;
            }
            Function f = checked();
            return new Subgraph.Executable() {
                @Override
                public List<Tensor> call(List<Tensor> args) {
                    return f.call(args);
                }

                @Override
                public void reclaim(List<Tensor> results) {
                    function.reclaim(results);
                }
            };
        }

        @Override
        public void reclaim(List<Tensor> results) {
            function.reclaim(results);
        }
    }
}
