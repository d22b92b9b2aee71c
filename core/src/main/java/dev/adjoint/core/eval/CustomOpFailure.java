package dev.adjoint.core.eval;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * The exception a {@link CustomOp}'s forward threw, rethrown with what a user needs to find it: the op's name,
 * its node, its arguments' types and the output shape, the original as the cause. An
 * {@link IllegalArgumentException} or {@link ArithmeticException} stays one (callers may catch them by type); any
 * other exception becomes an {@link IllegalStateException}.
 */
final class CustomOpFailure {

    private CustomOpFailure() {
    }

    /** {@code e}, thrown by the forward of custom op {@code node} on arguments {@code in}, with that context. */
    static RuntimeException of(Node node, Tensor[] in, Shape out, RuntimeException e) {
        StringBuilder types = new StringBuilder();
        for (int j = 0; j < in.length; j++) {
            types.append(j == 0 ? "" : ", ").append(in[j] == null ? "null" : in[j].dtype().shortName() + in[j].shape());
        }
        // the library's own ops built on CustomOp (softmaxCrossEntropy) are not the user's custom ops
        boolean shipped = node.op().getClass().getPackageName().equals("dev.adjoint.core.graph");
        String message = (shipped ? "op '" : "custom op '") + node.op().name() + "': forward failed for " + node
                + " on arguments ("
                + types + ") with output shape " + out + ", got " + e.getClass().getSimpleName() + ": "
                + e.getMessage();
        if (e instanceof IllegalArgumentException) {
            return new IllegalArgumentException(message, e);
        }
        if (e instanceof ArithmeticException) {
            RuntimeException wrapped = new ArithmeticException(message);
            wrapped.initCause(e);
            return wrapped;
        }
        return new IllegalStateException(message, e);
    }
}
