package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Anomaly;
import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names the likely cause of a NaN or an infinity from the node that produced it and its input values, with
 * a safe alternative. Called only when a node produced non-finite values.
 *
 * <p>Causes, in the order they are tried: an input that already held non-finite values (it came from a
 * source: bound data or a constant); in a backward pass, a singular derivative of the forward op whose
 * pullback built the node ({@link dev.adjoint.core.graph.Op#diagnosePullback}: {@code sqrt} or {@code log} at
 * 0, ...); a cause the node's own op knows ({@link dev.adjoint.core.graph.Op#diagnose}: {@code log} of 0,
 * division by 0, {@code exp} overflow, ...); and, when the inputs are finite and the output infinite,
 * overflow of the dtype. The first and the last are the same for every op and live here; the others are
 * facts about one op and live on its record.
 */
final class Singularities {

    private Singularities() {
    }

    static Optional<Diagnosis> diagnose(Node node, Tensor[] in, Tensor out, Map<Node, Integer> numbers) {
        for (int j = 0; j < in.length; j++) {
            AnomalyCheck.Values v = AnomalyCheck.Values.of(in[j]);
            if (!v.finite()) {
                Node source = node.inputs().get(j);
                return Anomaly.found("input %" + numbers.get(source) + " already holds " + v.nonFinite()
                        + ", so the non-finite values come from " + origin(source),
                        source.op() instanceof SourceOp.Input input ? "check the values bound to '" + input.label()
                                + "'" : "keep non-finite values out of constants and fills, or disable detection"
                                + " for graphs that use them on purpose (e.g. masks of -Infinity)");
            }
        }
        Anomaly anomaly = new Anomaly(node, List.of(in), out, n -> AnomalyCheck.ref(n, numbers));
        Optional<Node> forward = Provenance.gradientOf(node);
        Optional<Diagnosis> known = forward.flatMap(f -> f.op().diagnosePullback(f, anomaly))
                .or(() -> node.op().diagnose(anomaly));
        if (known.isPresent()) {
            return known;
        }
        AnomalyCheck.Values result = AnomalyCheck.Values.of(out);
        if (result.positiveInfinity() + result.negativeInfinity() > 0) {
            return Anomaly.found("the result overflows " + node.dtype().shortName() + " (largest finite value "
                    + Anomaly.largest(node.dtype()) + ") although every input is finite", forward.isPresent()
                    ? "exploding gradients: lower the learning rate, scale the inputs, clip gradients, or compute"
                    + " in float64" : "scale the inputs or weights down (exploding activations), lower the"
                    + " learning rate, or compute in float64");
        }
        return Optional.empty();
    }

    private static String origin(Node source) {
        if (source.op() instanceof SourceOp.Input input) {
            return "the values bound to input '" + input.label() + "'";
        }
        if (source.op() instanceof SourceOp) {
            return "a " + source.op().name();
        }
        return "a node whose non-finite values are not an anomaly themselves (the identity of a reduction over an"
                + " empty axis, such as max = -Infinity, or a reshape or broadcast of it)";
    }
}
