package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import java.util.List;

/**
 * Not API: the pullbacks Adjoint installs (through {@link java.util.ServiceLoader}): the ops' VJPs, with every
 * node a pullback builds marked as belonging to its forward node ({@link Provenance#gradientOf}). A node built
 * after one pullback and before the next (the sum of two cotangents of a shared input) belongs to the first.
 */
public final class MarkedPullbacks implements Pullbacks {

    private final Provenance.ReversePass pass;

    /** The installed instance; each reverse pass opens its own. */
    public MarkedPullbacks() {
        this.pass = null;
    }

    private MarkedPullbacks(Provenance.ReversePass pass) {
        this.pass = pass;
    }

    @Override
    public Pullbacks open() {
        return new MarkedPullbacks(Provenance.reversePass());
    }

    @Override
    public List<Node> of(Node node, Node yBar) {
        if (pass != null) {
            pass.pullingBack(node);
        }
        return node.op().vjp(node, yBar);
    }

    @Override
    public void close() {
        if (pass != null) {
            pass.close();
        }
    }
}
