package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanSmokeTest {
    @Test
    void storeAndHvpAndNested() {
        for (Scan.Residuals policy : Scan.Residuals.values()) {
            Node xs = SourceOp.input("xs", Shape.of(4, 3));
            Node w = SourceOp.input("w", Shape.of(3));
            Node c0 = SourceOp.input("c0", Shape.of(3));
            Node v = SourceOp.input("v", Shape.of(3));
            Scan.Result r = ControlFlowOp.scan(List.of(c0), List.of(xs), (c, x) -> {
                // nested: an inner scan over 2 steps
                Scan.Result inner = ControlFlowOp.scan(List.of(c.get(0)), List.of(), (ci, none) -> {
                    Node h = ci.get(0).mul(w).add(x.get(0)).tanh();
                    return new Scan.Step(List.of(h), List.of());
                }, Scan.Options.defaults().withLength(2).with(policy));
                Node h = inner.carry().get(0);
                return new Scan.Step(List.of(h), List.of(h.mul(2.0)));
            }, Scan.Options.defaults().with(policy));
            Node loss = r.carry().get(0).sum().add(r.ys().get(0).square().sum());
            Node hv = Autodiff.hvp(loss, w, v);
            List<Node> g = Autodiff.grad(loss, xs, w, c0);
            Tensor xv = Tensor.of(Shape.of(4, 3), 0.1, 0.2, 0.3, -0.4, 0.5, 0.6, 0.7, -0.8, 0.9, 1.0, 1.1, -1.2);
            Tensor wv = Tensor.vector(0.5, -0.3, 0.8);
            Tensor cv = Tensor.vector(0.1, 0.2, -0.3);
            Tensor vv = Tensor.vector(0.3, 0.7, -0.2);
            Function f = Function.of(List.of(xs, w, c0, v), List.of(loss, g.get(0), g.get(1), g.get(2), hv));
            System.out.println(policy + ": " + f.explain());
            List<Tensor> out = f.call(xv, wv, cv, vv);
            Node h = c0;
            Node l = null;
            for (int t = 0; t < 4; t++) {
                Node x = xs.slice(0, t, t + 1).reshape(3);
                h = h.mul(w).add(x).tanh();
                h = h.mul(w).add(x).tanh();
                Node term = h.mul(2.0).square().sum();
                l = l == null ? term : l.add(term);
            }
            Node lossU = h.sum().add(l);
            List<Node> gu = Autodiff.grad(lossU, xs, w, c0);
            Node hvu = Autodiff.hvp(lossU, w, v);
            List<Tensor> outU = Function.of(List.of(xs, w, c0, v), List.of(lossU, gu.get(0), gu.get(1), gu.get(2), hvu))
                    .call(xv, wv, cv, vv);
            for (int i = 0; i < 5; i++) {
                System.out.println(out.get(i) + " vs " + outU.get(i));
                assertEquals(true, out.get(i).allClose(outU.get(i), 1e-12, 1e-12));
            }
        }
    }

    @Test
    void smoke() {
        Node xs = SourceOp.input("xs", Shape.of(4, 3));
        Node w = SourceOp.input("w", Shape.of(3));
        Node c0 = SourceOp.input("c0", Shape.of(3));
        Scan.Result r = ControlFlowOp.scan(List.of(c0), List.of(xs), (c, x) -> {
            Node h = c.get(0).mul(w).add(x.get(0)).tanh();
            return new Scan.Step(List.of(h), List.of(h.mul(2.0)));
        });
        Node loss = r.carry().get(0).sum().add(r.ys().get(0).square().sum());
        List<Node> g = Autodiff.grad(loss, xs, w, c0);
        System.out.println(GraphPrinter.print(g));
        Function f = Function.of(List.of(xs, w, c0), List.of(loss, g.get(0), g.get(1), g.get(2)));
        System.out.println(f.explain());
        Tensor xv = Tensor.of(Shape.of(4, 3), 0.1, 0.2, 0.3, -0.4, 0.5, 0.6, 0.7, -0.8, 0.9, 1.0, 1.1, -1.2);
        Tensor wv = Tensor.vector(0.5, -0.3, 0.8);
        Tensor cv = Tensor.vector(0.1, 0.2, -0.3);
        List<Tensor> out = f.call(xv, wv, cv);
        // unrolled
        Node h = c0;
        Node l = null;
        for (int t = 0; t < 4; t++) {
            Node x = xs.slice(0, t, t + 1).reshape(3);
            h = h.mul(w).add(x).tanh();
            Node term = h.mul(2.0).square().sum();
            l = l == null ? term : l.add(term);
        }
        Node lossU = h.sum().add(l);
        List<Node> gu = Autodiff.grad(lossU, xs, w, c0);
        List<Tensor> outU = Function.of(List.of(xs, w, c0), List.of(lossU, gu.get(0), gu.get(1), gu.get(2))).call(xv, wv, cv);
        for (int i = 0; i < 4; i++) {
            System.out.println(out.get(i) + " vs " + outU.get(i));
            assertEquals(true, out.get(i).allClose(outU.get(i), 1e-12, 1e-12));
        }
    }
}
