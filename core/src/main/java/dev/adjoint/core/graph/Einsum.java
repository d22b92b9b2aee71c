package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The planner behind {@link ContractionOp#einsum}: parses the subscripts, then builds the graph.
 *
 * <p><b>Subscripts.</b> Each operand's term names its axes with letters ({@code a-z, A-Z}) and at most one
 * {@code ...} standing for the axes the letters leave (aligned on the right across operands, as in NumPy).
 * The output term after {@code ->} holds distinct letters that occur in the inputs and, if any operand's
 * {@code ...} covers axes, a {@code ...} too; without {@code ->} it is the {@code ...} axes followed by the
 * letters that occur exactly once, sorted by character code (NumPy's rule).
 *
 * <p><b>Plan.</b> (1) Labels of size 1 in one operand and larger in another are squeezed from the first
 * (broadcasting). (2) A label repeated within one operand (of one size there, as NumPy requires) takes the diagonal
 * ({@code diagonal}, which reads nothing off it). (3) A label that occurs in one operand only and not in the output
 * is summed out at once. (4) While more than one operand is left, the pair whose result is smallest (N counted as
 * {@value #BATCH_ESTIMATE}; ties to the first pair) is contracted with {@code contract}: labels in both that a
 * later operand or the output still needs are batch axes, the other shared ones are summed over. (5) The last
 * result is permuted to the output's order. Steps (4) and (5) are the GEMMs and a final permute; the contraction
 * kernel reads operands in place where their layout allows.
 */
final class Einsum {

    /** The size assumed for N when comparing the costs of contraction orders. */
    static final int BATCH_ESTIMATE = 64;
    /** Labels of the axes covered by {@code ...}: {@code ELLIPSIS + position}, beyond every letter. */
    private static final int ELLIPSIS = 1 << 16;

    private final String subscripts;

    private Einsum(String subscripts) {
        this.subscripts = subscripts;
    }

    /** One operand during planning: its node and the label of each of its axes. */
    private record Term(Node node, List<Integer> labels) {
    }

    static Node build(String subscripts, List<Node> operands) {
        return new Einsum(subscripts).plan(operands);
    }

    private Node plan(List<Node> operands) {
        String spec = subscripts.replaceAll("\\s", "");
        int arrow = spec.indexOf("->");
        if (arrow >= 0 && spec.indexOf("->", arrow + 1) >= 0) {
            throw error("subscripts must hold at most one '->'", null);
        }
        String[] inputs = (arrow >= 0 ? spec.substring(0, arrow) : spec).split(",", -1);
        if (inputs.length != operands.size()) {
            throw error("subscripts must name one term per operand", inputs.length + " terms for "
                    + operands.size() + " operands");
        }
        int ellipsisRank = 0;
        for (int i = 0; i < inputs.length; i++) {
            ellipsisRank = Math.max(ellipsisRank, operands.get(i).rank() - letters(inputs[i], i).size());
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            terms.add(new Term(operands.get(i), labels(inputs[i], i, operands.get(i), ellipsisRank)));
        }
        List<Integer> output = arrow >= 0 ? output(spec.substring(arrow + 2), terms, ellipsisRank)
                : implicitOutput(terms, ellipsisRank);
        terms = broadcast(terms);
        List<Term> work = new ArrayList<>();
        for (Term t : terms) {
            work.add(diagonals(t));
        }
        for (int i = 0; i < work.size(); i++) {
            work.set(i, sumUnique(work, i, output));
        }
        while (work.size() > 1) {
            int[] pair = cheapestPair(work, output);
            Term b = work.remove(pair[1]);
            Term a = work.remove(pair[0]);
            work.add(pair[0], contract(a, b, work, output));
        }
        Term last = work.get(0);
        int[] order = new int[output.size()];
        for (int a = 0; a < order.length; a++) {
            order[a] = last.labels().indexOf(output.get(a));
        }
        return Matrices.permuteUnlessIdentity(last.node(), order);
    }

    // ---------------------------------------------------------------- parsing

    /** The letters of a term (the {@code ...} left out), checked. */
    private List<Character> letters(String term, int operand) {
        String rest = term;
        int dots = term.indexOf("...");
        if (dots >= 0) {
            rest = term.substring(0, dots) + term.substring(dots + 3);
        }
        List<Character> out = new ArrayList<>();
        for (char c : rest.toCharArray()) {
            if (!isLetter(c)) {
                throw error("subscripts must hold letters and at most one '...' per term",
                        "'" + term + "' for operand " + operand);
            }
            out.add(c);
        }
        return out;
    }

    /** Each axis's label: the letters, with {@code ...} expanded right-aligned to {@code ellipsisRank} axes. */
    private List<Integer> labels(String term, int operand, Node x, int ellipsisRank) {
        List<Character> letters = letters(term, operand);
        int dots = term.indexOf("...");
        int covered = x.rank() - letters.size();
        if (covered < 0 || (dots < 0 && covered != 0)) {
            throw error("each term must name every axis of its operand", "'" + term + "' for operand " + operand
                    + " " + x.describe());
        }
        List<Integer> labels = new ArrayList<>();
        int before = dots < 0 ? letters.size() : term.substring(0, dots).length();
        for (int i = 0; i < before; i++) {
            labels.add((int) letters.get(i));
        }
        for (int i = 0; i < covered; i++) {
            labels.add(ELLIPSIS + ellipsisRank - covered + i);
        }
        for (int i = before; i < letters.size(); i++) {
            labels.add((int) letters.get(i));
        }
        return labels;
    }

    private List<Integer> output(String term, List<Term> terms, int ellipsisRank) {
        Set<Integer> present = new LinkedHashSet<>();
        terms.forEach(t -> present.addAll(t.labels()));
        List<Integer> out = new ArrayList<>();
        int dots = term.indexOf("...");
        String letters = dots < 0 ? term : term.substring(0, dots) + term.substring(dots + 3);
        for (char c : letters.toCharArray()) {
            if (!isLetter(c)) {
                throw error("the output must hold letters and at most one '...'", "'" + term + "'");
            }
        }
        for (int i = 0; i < term.length(); i++) {
            if (i == dots) {
                for (int e = 0; e < ellipsisRank; e++) {
                    out.add(ELLIPSIS + e);
                }
                i += 2;
                continue;
            }
            int label = term.charAt(i);
            if (out.contains(label) || !present.contains(label)) {
                throw error("each output letter must occur once in the output and in some operand",
                        "'" + term.charAt(i) + "'");
            }
            out.add(label);
        }
        if (dots < 0 && ellipsisRank > 0) {
            throw error("the output must hold '...' when an operand's '...' covers axes", "'" + term + "'");
        }
        return out;
    }

    /** The {@code ...} axes, then the letters occurring exactly once, by character code. */
    private static List<Integer> implicitOutput(List<Term> terms, int ellipsisRank) {
        List<Integer> out = new ArrayList<>();
        for (int e = 0; e < ellipsisRank; e++) {
            out.add(ELLIPSIS + e);
        }
        TreeSet<Integer> once = new TreeSet<>();
        for (Term t : terms) {
            for (int label : t.labels()) {
                if (label < ELLIPSIS && occurrences(terms, label) == 1) {
                    once.add(label);
                }
            }
        }
        out.addAll(once);
        return out;
    }

    // ---------------------------------------------------------------- planning

    /** Squeezes labels of size 1 that another operand has larger; checks that sizes agree otherwise. */
    private List<Term> broadcast(List<Term> terms) {
        List<Term> out = new ArrayList<>();
        for (Term t : terms) {
            List<Integer> dims = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int a = 0; a < t.labels().size(); a++) {
                int label = t.labels().get(a);
                int size = t.node().shape().dim(a);
                int widest = size;
                for (Term other : terms) {
                    for (int b = 0; b < other.labels().size(); b++) {
                        if (other.labels().get(b) == label) {
                            int s = other.node().shape().dim(b);
                            if (other == t && s != size) { // a diagonal: NumPy and PyTorch do not broadcast it
                                throw error("a label repeated within an operand must have one size", "'"
                                        + name(label) + "' of sizes " + size(size) + " and " + size(s));
                            }
                            if (s != size && s != 1 && size != 1) {
                                throw error("each label must have one size (or 1, broadcast)", "'" + name(label)
                                        + "' of sizes " + size(size) + " and " + size(s));
                            }
                            widest = s != 1 ? s : widest;
                        }
                    }
                }
                if (!(size == 1 && widest != 1)) {
                    dims.add(size);
                    labels.add(label);
                }
            }
            Node node = labels.size() == t.labels().size() ? t.node()
                    : t.node().reshape(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()));
            out.add(new Term(node, labels));
        }
        return out;
    }

    /**
     * Takes the diagonal for each label repeated within the term ({@link Assembly#diagonal}, which reads the
     * diagonal's elements and nothing else, so an infinity off it stays out); the label moves to the last axis.
     */
    private Term diagonals(Term t) {
        Node x = t.node();
        List<Integer> labels = new ArrayList<>(t.labels());
        for (int[] pair = repeated(labels); pair != null; pair = repeated(labels)) {
            int label = labels.get(pair[0]);
            if (x.shape().dim(pair[0]) == Shape.BATCH || x.shape().dim(pair[1]) == Shape.BATCH) {
                throw error("a repeated label cannot have the batch size N", "'" + name(label) + "'");
            }
            x = Assembly.diagonal(x, 0, pair[0], pair[1]);
            labels.remove(pair[1]);
            labels.remove(pair[0]);
            labels.add(label);
        }
        return new Term(x, labels);
    }

    /** The positions {@code i < j} of the first label that occurs twice, or null. */
    private static int[] repeated(List<Integer> labels) {
        for (int i = 0; i < labels.size(); i++) {
            int j = labels.subList(i + 1, labels.size()).indexOf(labels.get(i));
            if (j >= 0) {
                return new int[] {i, i + 1 + j};
            }
        }
        return null;
    }

    /** Sums out the labels of term {@code i} that no other term and not the output hold. */
    private static Term sumUnique(List<Term> terms, int i, List<Integer> output) {
        Term t = terms.get(i);
        List<Integer> axes = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int a = 0; a < t.labels().size(); a++) {
            int label = t.labels().get(a);
            if (!output.contains(label) && count(terms, label) == 1) {
                axes.add(a);
            } else {
                kept.add(label);
            }
        }
        return axes.isEmpty() ? t
                : new Term(t.node().sum(axes.stream().mapToInt(Integer::intValue).toArray()), kept);
    }

    /** The pair of terms whose contraction has the fewest elements (the first such pair). */
    private static int[] cheapestPair(List<Term> work, List<Integer> output) {
        int[] best = null;
        double bestSize = Double.POSITIVE_INFINITY;
        for (int i = 0; i < work.size(); i++) {
            for (int j = i + 1; j < work.size(); j++) {
                List<Term> others = new ArrayList<>(work);
                others.remove(j);
                others.remove(i);
                double size = 1;
                for (int label : resultLabels(work.get(i), work.get(j), others, output)) {
                    size *= sizeOf(work.get(i), work.get(j), label);
                }
                if (size < bestSize) {
                    bestSize = size;
                    best = new int[] {i, j};
                }
            }
        }
        return best;
    }

    /** Contracts two terms: shared labels still needed are batch axes, other shared labels are summed. */
    private static Term contract(Term a, Term b, List<Term> others, List<Integer> output) {
        List<Integer> aBatch = new ArrayList<>();
        List<Integer> bBatch = new ArrayList<>();
        List<Integer> aSum = new ArrayList<>();
        List<Integer> bSum = new ArrayList<>();
        for (int x = 0; x < a.labels().size(); x++) {
            int label = a.labels().get(x);
            int y = b.labels().indexOf(label);
            if (y >= 0) {
                boolean needed = output.contains(label) || count(others, label) > 0;
                (needed ? aBatch : aSum).add(x);
                (needed ? bBatch : bSum).add(y);
            }
        }
        Node node = ContractionOp.contract(a.node(), b.node(), ints(aBatch), ints(bBatch), ints(aSum), ints(bSum));
        return new Term(node, resultLabels(a, b, others, output));
    }

    /** The labels of {@link #contract}'s result: batch, then a's free labels, then b's. */
    private static List<Integer> resultLabels(Term a, Term b, List<Term> others, List<Integer> output) {
        List<Integer> batch = new ArrayList<>();
        List<Integer> aFree = new ArrayList<>();
        for (int label : a.labels()) {
            if (!b.labels().contains(label)) {
                aFree.add(label);
            } else if (output.contains(label) || count(others, label) > 0) {
                batch.add(label);
            }
        }
        List<Integer> labels = new ArrayList<>(batch);
        labels.addAll(aFree);
        for (int label : b.labels()) {
            if (!a.labels().contains(label)) {
                labels.add(label);
            }
        }
        return labels;
    }

    private static double sizeOf(Term a, Term b, int label) {
        Term t = a.labels().contains(label) ? a : b;
        int d = t.node().shape().dim(t.labels().indexOf(label));
        return d == Shape.BATCH ? BATCH_ESTIMATE : d;
    }

    /** The number of terms holding {@code label}. */
    private static int count(List<Term> terms, int label) {
        int n = 0;
        for (Term t : terms) {
            n += t.labels().contains(label) ? 1 : 0;
        }
        return n;
    }

    /** How often {@code label} occurs, repeats within a term included. */
    private static int occurrences(List<Term> terms, int label) {
        int n = 0;
        for (Term t : terms) {
            for (int l : t.labels()) {
                n += l == label ? 1 : 0;
            }
        }
        return n;
    }

    private static int[] ints(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String name(int label) {
        return label >= ELLIPSIS ? "... axis " + (label - ELLIPSIS) : String.valueOf((char) label);
    }

    private static String size(int d) {
        return d == Shape.BATCH ? "N" : Integer.toString(d);
    }

    private IllegalArgumentException error(String rule, String got) {
        return new IllegalArgumentException("einsum: " + rule + ", got " + (got == null ? "" : got + " in ")
                + "'" + subscripts + "'");
    }
}
