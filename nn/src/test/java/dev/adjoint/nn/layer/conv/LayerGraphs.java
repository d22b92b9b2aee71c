package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.model.Architecture;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.List;
import java.util.Map;

/**
 * One layer as a graph in float64, evaluated on given inputs, parameters, key and (while training) the examples'
 * indices in the training data: the layer tests' harness.
 */
public final class LayerGraphs {

    private LayerGraphs() {
    }

    /** The layer's forward graph for inputs of {@code input} (batch N included). */
    public static ForwardGraph graph(Layer layer, Shape input, boolean training) {
        Node key = training ? SourceOp.input("key", Shape.scalar(), DType.FLOAT64) : null;
        Node rows = training ? SourceOp.input("rows", Shape.of(input.dim(0)), DType.FLOAT64) : null;
        Architecture arch = (x, layers) -> layers.apply(layer, x);
        return ForwardGraph.build(arch, input, DType.FLOAT64, training, key, rows);
    }

    /**
     * The layer's output for {@code x}, its parameters by name ({@code "kernel"}) and the step key, the examples
     * being rows {@code 0 .. N-1} of the training data.
     */
    public static Tensor run(ForwardGraph g, Tensor x, Map<String, Tensor> params, long key) {
        double[] rows = new double[x.shape().dim(0)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return run(g, x, params, key, rows);
    }

    /** As {@link #run(ForwardGraph, Tensor, Map, long)}, example i being row {@code rows[i]} of the training data. */
    public static Tensor run(ForwardGraph g, Tensor x, Map<String, Tensor> params, long key, double... rows) {
        Bindings at = Bindings.empty();
        for (Node n : Graphs.inputs(List.of(g.output()))) {
            if (n == g.input()) {
                at = at.and(n, x);
            } else if (SourceOp.inputName(n).equals("key")) {
                at = at.and(n, Tensor.scalar(key));
            } else if (SourceOp.inputName(n).equals("rows")) {
                at = at.and(n, Tensor.of(DType.FLOAT64, Shape.of(rows.length), rows));
            } else {
                String name = SourceOp.inputName(n);
                Tensor value = params.get(name.substring(name.indexOf('/') + 1));
                if (value == null) {
                    throw new IllegalArgumentException("no value for parameter " + name);
                }
                at = at.and(n, value);
            }
        }
        return Function.of(List.of(g.output())).call(at).get(0);
    }

    /** The number of scalars in the layer's parameters for {@code input}. */
    public static long paramCount(Layer layer, Shape input) {
        long n = 0;
        for (ParamSpec p : layer.params(input)) {
            n += p.shape().size();
        }
        return n;
    }
}
