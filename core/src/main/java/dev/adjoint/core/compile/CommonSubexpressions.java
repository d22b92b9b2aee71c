package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Op;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination by structural hashing: two nodes are the same when they apply equal ops
 * to the same (already canonical) input nodes. Walking in topological order, each node's inputs are
 * canonical before the node is seen, so its key is {@code (op, input identities)}: hashing it costs O(arity),
 * never a walk of the subgraph (the hash of a subgraph is in effect cached in its canonical node). Scalar
 * constants are keyed by dtype and bits, so two {@code 1.0f} constants merge, and so are uniform constants (every
 * element the same bits) with their shape: folding builds one per broadcast scalar, e.g. the count a mean
 * divides by, and two equal means of one tensor are then still one node. Inputs (distinct by identity)
 * and custom ops (which may not be pure) are never merged; random ops are, because their samples are a pure
 * function of the key input and the salt.
 */
final class CommonSubexpressions {

    private record ScalarKey(String dtype, long bits) {
    }

    /** A constant whose elements all have the same bits. */
    private record UniformKey(String dtype, Shape shape, long bits) {
    }

    /** This pass as a local rule with its own table of canonical nodes, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        Map<ScalarKey, Node> scalars = new HashMap<>();
        Map<UniformKey, Node> uniform = new HashMap<>();
        Table table = new Table();
        return node -> {
            Op op = node.op();
            if (op instanceof SourceOp.Input || op instanceof CustomOp) {
                return node;
            }
            Node existing;
            if (op instanceof SourceOp.Constant c && c.value().size() == 1 && node.rank() == 0) {
                existing = scalars.putIfAbsent(new ScalarKey(node.dtype().shortName(), bits(c.value(), 0)), node);
            } else if (op instanceof SourceOp.Constant c && c.value().size() > 0 && uniform(c.value())) {
                existing = uniform.putIfAbsent(
                        new UniformKey(node.dtype().shortName(), node.shape(), bits(c.value(), 0)), node);
            } else {
                existing = table.putIfAbsent(node);
            }
            if (existing != null && existing != node) {
                report.fired("common subexpression");
                return existing;
            }
            return node;
        };
    }

    /** Element i's bits: a float's as a double (exact), an integer's value. */
    private static long bits(Tensor t, int i) {
        return t.dtype().isFloating() ? Double.doubleToRawLongBits(t.flat(i)) : t.flatLong(i);
    }

    /** Whether every element has element 0's bits (a scan that stops at the first difference). */
    private static boolean uniform(Tensor t) {
        long first = bits(t, 0);
        for (int i = 1; i < t.size(); i++) {
            if (bits(t, i) != first) {
                return false;
            }
        }
        return true;
    }

    /**
     * An open-addressing set of canonical nodes keyed by {@code (op, input ids)}, the node itself standing
     * for its key, so that no key object or map entry is allocated per node.
     */
    private static final class Table {
        private Node[] nodes = new Node[64];
        private int[] hashes = new int[64];
        private int size;

        /** The canonical node equal to {@code node}, or null after making {@code node} canonical. */
        Node putIfAbsent(Node node) {
            int h = hash(node);
            int mask = nodes.length - 1;
            for (int i = h & mask;; i = (i + 1) & mask) {
                Node n = nodes[i];
                if (n == null) {
                    nodes[i] = node;
                    hashes[i] = h;
                    if (++size * 2 > nodes.length) {
                        grow();
                    }
                    return null;
                }
                if (hashes[i] == h && same(n, node)) {
                    return n;
                }
            }
        }

        private void grow() {
            Node[] oldNodes = nodes;
            int[] oldHashes = hashes;
            nodes = new Node[oldNodes.length * 2];
            hashes = new int[oldNodes.length * 2];
            int mask = nodes.length - 1;
            for (int j = 0; j < oldNodes.length; j++) {
                if (oldNodes[j] != null) {
                    int i = oldHashes[j] & mask;
                    while (nodes[i] != null) {
                        i = (i + 1) & mask;
                    }
                    nodes[i] = oldNodes[j];
                    hashes[i] = oldHashes[j];
                }
            }
        }

        private static int hash(Node node) {
            int h = node.op().hashCode();
            List<Node> in = node.inputs();
            for (int j = 0; j < in.size(); j++) {
                h = 31 * h + Long.hashCode(in.get(j).id());
            }
            h *= 0x9E3779B9; // ids are nearly consecutive: spread them over the table
            return h ^ (h >>> 16);
        }

        private static boolean same(Node a, Node b) {
            if (!a.op().equals(b.op())) {
                return false;
            }
            List<Node> x = a.inputs();
            List<Node> y = b.inputs();
            if (x.size() != y.size()) {
                return false;
            }
            for (int j = 0; j < x.size(); j++) {
                if (x.get(j) != y.get(j)) {
                    return false;
                }
            }
            return true;
        }
    }
}
