package dev.adjoint.core.graph;

/**
 * The fluent forms of {@link ActivationOp} on {@link Node}: {@code x.gelu()} is {@link ActivationOp#gelu}{@code
 * (x)}, and so on. Sugar only: each form calls its factory, which holds the rules.
 */
public sealed interface ActivationForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link ActivationOp#gelu(Node)}: the exact GELU, {@code this Phi(this)}. */
    default Node gelu() { return ActivationOp.gelu(self()); }

    /** {@link ActivationOp#gelu(Node, ActivationOp.Gelu.Approximation)}: GELU, exact or in its tanh form. */
    default Node gelu(ActivationOp.Gelu.Approximation approximation) {
        return ActivationOp.gelu(self(), approximation);
    }

    /** {@link ActivationOp#silu}: {@code this sigmoid(this)}. */
    default Node silu() { return ActivationOp.silu(self()); }

    /** {@link ActivationOp#logSigmoid}: {@code ln sigmoid(this)}, stably. */
    default Node logSigmoid() { return ActivationOp.logSigmoid(self()); }

    /** {@link ActivationOp#swish}: another name of {@link #silu}. */
    default Node swish() { return ActivationOp.swish(self()); }

    /** {@link ActivationOp#selu}: the scaled ELU. */
    default Node selu() { return ActivationOp.selu(self()); }

    /** {@link ActivationOp#mish}: {@code this tanh(softplus(this))}. */
    default Node mish() { return ActivationOp.mish(self()); }

    /** {@link ActivationOp#hardSigmoid}: {@code relu6(this + 3) / 6}. */
    default Node hardSigmoid() { return ActivationOp.hardSigmoid(self()); }

    /** {@link ActivationOp#hardSwish}: {@code this relu6(this + 3) / 6}. */
    default Node hardSwish() { return ActivationOp.hardSwish(self()); }

    /** {@link ActivationOp#softsign}: {@code this / (1 + |this|)}. */
    default Node softsign() { return ActivationOp.softsign(self()); }

    /** {@link ActivationOp#softplus}: PyTorch's {@code softplus(this, beta, threshold)}. */
    default Node softplus(double beta, double threshold) { return ActivationOp.softplus(self(), beta, threshold); }
}
