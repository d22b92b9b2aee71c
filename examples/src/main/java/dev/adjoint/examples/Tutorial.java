package dev.adjoint.examples;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.print.MathPrinter;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A literate tutorial: from a single linear unit to the two-layer network whose backpropagation is derived
 * by hand, built with Adjoint's core and checked against the hand derivation.
 *
 * <ol>
 *   <li><b>A linear unit</b> {@code y = w x + b}, fitted to noisy points of {@code y = 3x + 2} by gradient
 *       descent on the mean squared error: the gradient comes from {@code Autodiff.grad}, and one compiled
 *       function does a whole step; the loss and its gradient are printed as math.</li>
 *   <li><b>A dense layer</b> {@code z = x·W + b}, {@code a = σ(z)}: many units at once, one example per row.</li>
 *   <li><b>Two sigmoid layers on XOR.</b> With {@code a1 = σ(x·W1 + b1)}, {@code a2 = σ(a1·W2 + b2)} and the
 *       mean binary cross-entropy {@code L}, the notes derive (for m examples as rows)
 *       <pre>
 *       dz2 = (a2 − y) / m           dW2 = a1ᵀ·dz2      db2 = Σ_N dz2
 *       dz1 = (dz2·W2ᵀ) ⊙ a1 ⊙ (1 − a1)   dW1 = xᵀ·dz1   db1 = Σ_N dz1
 *       </pre>
 *       (the notes' {@code dW2 = dz2·a1ᵀ} with examples as columns). The symbolic gradient is printed as
 *       math beside this hand derivation (both with {@code MathPrinter}: Autodiff's {@code dz2} still holds the
 *       cross-entropy's quotients that the notes cancel by hand, the rest reads line for line as the notes) and
 *       compared with it in numbers, then plain gradient descent learns XOR.</li>
 * </ol>
 * Prints {@code RESULT tutorial xor_accuracy=...}.
 */
public final class Tutorial {

    private Tutorial() {
    }

    /** Part 1: returns the fitted {@code [w, b]}. */
    static double[] linearUnit(int steps, boolean print) {
        Key key = Key.of(1);
        Tensor xs = Tensor.uniform(key.fold(1), DType.FLOAT64, Shape.of(50, 1), -1, 1);
        Tensor noise = Tensor.normal(key.fold(2), DType.FLOAT64, Shape.of(50, 1), 0, 0.1);
        double[] ys = new double[50];
        for (int i = 0; i < 50; i++) {
            ys[i] = 3 * xs.flat(i) + 2 + noise.flat(i);
        }
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 1));
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH, 1));
        Node w = SourceOp.input("w", Shape.scalar());
        Node b = SourceOp.input("b", Shape.scalar());
        Node r = x.mul(w).add(b).sub(y);
        Node loss = r.square().mean();
        List<Node> grads = Autodiff.grad(loss, w, b);
        double lr = 0.5;
        // One compiled function is a whole gradient-descent step: (w, b) -> (w - lr dL/dw, b - lr dL/db).
        Function step = Function.of(List.of(x, y, w, b),
                List.of(w.sub(grads.get(0).mul(lr)), b.sub(grads.get(1).mul(lr)), loss));
        if (print) {
            System.out.println("== 1. A linear unit y = w x + b\nthe loss as a graph:");
            System.out.println(GraphPrinter.print(loss));
            System.out.println("the loss and its gradient as math (N is the number of rows):");
            Map<String, Node> lossAndGradient = new LinkedHashMap<>();
            lossAndGradient.put("L", loss);
            lossAndGradient.put("dw", grads.get(0));
            lossAndGradient.put("db", grads.get(1));
            System.out.println(MathPrinter.text().simplified().named("r", r).print(lossAndGradient));
        }
        Tensor wv = Tensor.scalar(0);
        Tensor bv = Tensor.scalar(0);
        Tensor yt = Tensor.of(Shape.of(50, 1), ys);
        for (int s = 0; s < steps; s++) {
            List<Tensor> out = step.call(xs, yt, wv, bv);
            wv = out.get(0);
            bv = out.get(1);
            if (print && (s % 20 == 0 || s == steps - 1)) {
                System.out.printf("step %3d  loss %.5f  w %.4f  b %.4f%n", s, out.get(2).item(), wv.item(), bv.item());
            }
        }
        return new double[] {wv.item(), bv.item()};
    }

    /** Part 2: a dense sigmoid layer of 3 units on 4 examples of 2 features. */
    static Tensor denseLayer(boolean print) {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 2));
        Node w = SourceOp.constant(Tensor.matrix(new double[][] {{0.5, -1, 0.25}, {1, 0.5, -0.5}}));
        Node b = SourceOp.constant(Tensor.vector(0, 0.1, -0.1));
        Node a = x.matmul(w).add(b).sigmoid();
        Tensor out = Function.of(List.of(x), List.of(a)).call(xor().x).get(0);
        if (print) {
            System.out.println("\n== 2. A dense layer a = sigmoid(x·W + b): W is [2, 3], so 3 units");
            System.out.println(GraphPrinter.print(a));
            System.out.println("a = " + MathPrinter.text().print(a));
            System.out.println("a = " + out);
        }
        return out;
    }

    /** The XOR truth table. */
    record Xor(Tensor x, Tensor y) {
    }

    static Xor xor() {
        return new Xor(Tensor.matrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
                Tensor.matrix(new double[][] {{0}, {1}, {1}, {0}}));
    }

    /**
     * Part 3: returns {@code [largest difference between symbolic and hand-derived gradients, accuracy on
     * XOR after training]}.
     */
    static double[] twoLayerXor(int steps, boolean print) {
        int hidden = 4;
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 2));
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH, 1));
        Node w1 = SourceOp.input("W1", Shape.of(2, hidden));
        Node b1 = SourceOp.input("b1", Shape.of(hidden));
        Node w2 = SourceOp.input("W2", Shape.of(hidden, 1));
        Node b2 = SourceOp.input("b2", Shape.of(1));
        Node z1 = x.matmul(w1).add(b1);
        Node a1 = z1.sigmoid();
        Node z2 = a1.matmul(w2).add(b2);
        Node a2 = z2.sigmoid();
        // Mean binary cross-entropy L = -mean(y log a2 + (1 - y) log(1 - a2)).
        Node one = SourceOp.scalar(1.0);
        Node loss = y.mul(a2.log()).add(one.sub(y).mul(one.sub(a2).log())).mean().neg();
        // dL/dz2 and dL/dz1 are the notes' dz2 and dz1; the parameters' gradients are built from them
        List<Node> gradients = Autodiff.grad(loss, z2, w2, b2, z1, w1, b1);
        List<Node> symbolic = List.of(gradients.get(4), gradients.get(5), gradients.get(1), gradients.get(2));

        // The hand derivation, as graphs too.
        Node m = SourceOp.scalar(4.0);
        Node dz2 = a2.sub(y).div(m);
        Node dW2 = a1.transpose().matmul(dz2);
        Node db2 = ReduceOp.sum(dz2, false, 0);
        Node dz1 = dz2.matmul(w2.transpose()).mul(a1).mul(one.sub(a1));
        Node dW1 = x.transpose().matmul(dz1);
        Node db1 = ReduceOp.sum(dz1, false, 0);
        List<Node> byHand = List.of(dW1, db1, dW2, db2);

        Key key = Key.of(7);
        List<Tensor> params = new ArrayList<>(List.of(
                Tensor.normal(key.fold(1), DType.FLOAT64, Shape.of(2, hidden), 0, 1),
                Tensor.zeros(Shape.of(hidden)),
                Tensor.normal(key.fold(2), DType.FLOAT64, Shape.of(hidden, 1), 0, 1),
                Tensor.zeros(Shape.of(1))));
        Xor data = xor();
        List<Node> outputs = new ArrayList<>(symbolic);
        outputs.addAll(byHand);
        Function compare = Function.of(List.of(x, y, w1, b1, w2, b2), outputs);
        List<Tensor> args = new ArrayList<>(List.of(data.x, data.y));
        args.addAll(params);
        List<Tensor> values = compare.call(args);
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < values.get(i).size(); j++) {
                worst = Math.max(worst, Math.abs(values.get(i).flat(j) - values.get(i + 4).flat(j)));
            }
        }
        if (print) {
            System.out.println("\n== 3. Two sigmoid layers on XOR");
            System.out.println("the gradient as Autodiff built it, printed as math after the compiler's"
                    + " simplifications:");
            System.out.println(derivation(gradients, a1, a2));
            System.out.println("the hand derivation of the notes, with m = 4 examples as rows:");
            System.out.println(derivation(List.of(dz2, dW2, db2, dz1, dW1, db1), a1, a2));
            System.out.println("dL/dW2 symbolic " + values.get(2));
            System.out.println("dL/dW2 by hand  " + values.get(6));
            System.out.printf("largest difference over all four gradients: %.3g%n", worst);
        }

        double lr = 2.0;
        List<Node> next = new ArrayList<>();
        List<Node> ps = List.of(w1, b1, w2, b2);
        for (int i = 0; i < 4; i++) {
            next.add(ps.get(i).sub(symbolic.get(i).mul(lr)));
        }
        next.add(loss);
        next.add(a2);
        Function step = Function.of(List.of(x, y, w1, b1, w2, b2), next);
        Tensor predictions = null;
        for (int s = 0; s < steps; s++) {
            List<Tensor> in = new ArrayList<>(List.of(data.x, data.y));
            in.addAll(params);
            List<Tensor> out = step.call(in);
            predictions = out.get(5);
            if (print && (s % 500 == 0 || s == steps - 1)) {
                System.out.printf("step %4d  loss %.5f%n", s, out.get(4).item());
            }
            params = new ArrayList<>(out.subList(0, 4));
        }
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            correct += (predictions.flat(i) > 0.5) == (data.y.flat(i) > 0.5) ? 1 : 0;
        }
        if (print) {
            System.out.println("predictions for (0,0), (0,1), (1,0), (1,1): " + predictions);
        }
        return new double[] {worst, correct / 4.0};
    }

    /**
     * The gradients {@code dz2, dW2, db2, dz1, dW1, db1} as one derivation in plain text, the activations named
     * {@code a1} and {@code a2}: a result used by another reads as its name there ({@code dW2 = a1ᵀ·dz2}).
     */
    static String derivation(List<Node> gradients, Node a1, Node a2) {
        Map<String, Node> named = new LinkedHashMap<>();
        List<String> names = List.of("dz2", "dW2", "db2", "dz1", "dW1", "db1");
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), gradients.get(i));
        }
        return MathPrinter.text().simplified().named("a1", a1).named("a2", a2).print(named);
    }

    /** Runs the three parts. */
    public static void main(String[] args) {
        double[] wb = linearUnit(100, true);
        System.out.printf("fitted w = %.3f, b = %.3f (data from w = 3, b = 2)%n", wb[0], wb[1]);
        denseLayer(true);
        double[] xorResult = twoLayerXor(3000, true);
        Results.print("tutorial", "xor_accuracy", xorResult[1]);
    }

}
