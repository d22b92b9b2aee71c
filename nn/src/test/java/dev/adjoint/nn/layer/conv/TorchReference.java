package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layer's graph against a PyTorch fixture {@code name/...}: with the fixture's weights {@code name/param/w} bound
 * to the graph's parameters (every one of them), the output for {@code name/x} is {@code name/out} and the
 * gradients of {@code sum(out · r)}, {@code r = name/r}, with respect to the input and each weight are
 * {@code name/grad/x} and {@code name/grad/w}.
 */
final class TorchReference {

    private TorchReference() {
    }

    /** Checks {@code g}, the layer's forward graph for the fixture's input, against the fixture {@code name}. */
    static void assertMatches(Map<String, Tensor> all, String name, ForwardGraph g) {
        Tensor x = all.get(name + "/x");
        Tensor expected = all.get(name + "/out");
        List<Node> inputs = new ArrayList<>(List.of(g.input()));
        List<Tensor> values = new ArrayList<>(List.of(x));
        List<String> names = new ArrayList<>(List.of("x"));
        g.params().forEach((param, node) -> {
            String weight = param.substring(param.indexOf('/') + 1);
            inputs.add(node);
            values.add(all.get(name + "/param/" + weight));
            names.add(weight);
        });
        assertEquals(all.keySet().stream().filter(k -> k.startsWith(name + "/param/")).count(), names.size() - 1,
                name + ": every PyTorch weight bound");
        Node loss = g.output().mul(SourceOp.constant(all.get(name + "/r"))).sum();
        List<Node> outputs = new ArrayList<>(List.of(g.output()));
        outputs.addAll(Autodiff.grad(loss, inputs.toArray(new Node[0])));
        List<Tensor> got = Function.of(inputs, outputs).call(values);
        assertClose(expected, got.get(0), name + " output");
        for (int i = 0; i < names.size(); i++) {
            assertClose(all.get(name + "/grad/" + names.get(i)), got.get(1 + i), name + " gradient of "
                    + names.get(i));
        }
    }

    /** Float64 on both sides: only the order of the sums differs. */
    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.flat(i);
            double a = actual.flat(i);
            assertTrue(Math.abs(e - a) <= 1e-12 + 1e-10 * Math.abs(e), what + " at " + i + ": PyTorch " + e
                    + ", got " + a);
        }
    }
}
