package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;

import dev.adjoint.core.graph.LibraryOpSpecs.Built;
import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the op table for the assembling ops ({@link Assembly}): stack, unbind, chunk, diagonal, diagEmbed,
 * meshgrid, and the squeeze of every size-1 axis; all compositions of movement ops, linear, differentiable twice.
 */
final class AssemblySpecs {

    private AssemblySpecs() {
    }

    static List<OpSpec> all() {
        return List.of(
                OpSpec.of("stack", Draw.cases(d -> {
                    Shape s = d.shape(0, Draw.MAX_RANK);
                    int r = s.rank();
                    int at = d.integer(0, r);
                    int axis = d.bool() ? at - r - 1 : at;
                    List<Arg> args = new ArrayList<>();
                    for (int k = 0; k < d.integer(1, 3); k++) {
                        args.add(Arg.of(String.valueOf((char) ('a' + k)), d.tensor(s, Domain.REAL))
                                .batchedIf(r > 0 && at != 0));
                    }
                    return new OpCase("stack " + args.size() + " of " + s + " axis " + axis, args,
                            in -> Assembly.stack(axis, in));
                }), LINEAR, SECOND_ORDER).asComposition(),
                LibraryOpSpecs.one("unbind", 1, Domain.REAL, true, false, (d, s, at, axis) -> {
                    int part = d.integer(0, s.dim(at) - 1);
                    return new Built("unbind axis " + axis + ", part " + part, x -> x.unbind(axis).get(part));
                }, LINEAR, SECOND_ORDER).asComposition(),
                LibraryOpSpecs.one("chunk", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int chunks = d.integer(1, 4);
                    int n = s.dim(at);
                    int parts = n == 0 ? chunks : (n + (n + chunks - 1) / chunks - 1) / ((n + chunks - 1) / chunks);
                    int part = d.integer(0, parts - 1);
                    return new Built("chunk " + chunks + " axis " + axis + ", part " + part,
                            x -> x.chunk(chunks, axis).get(part));
                }, LINEAR, SECOND_ORDER).asComposition(),
                OpSpec.of("diagonal", Draw.cases(d -> {
                    Shape s = d.shape(2, Draw.MAX_RANK);
                    int r = s.rank();
                    boolean batched = r == 3 && d.bool(); // the diagonal of axes 1, 2, N on axis 0 beside them
                    int p1 = batched ? d.integer(1, 2) : d.axis(r);
                    int p2 = batched ? 3 - p1 : (p1 + d.integer(1, r - 1)) % r;
                    int axis1 = d.spelled(p1, r);
                    int axis2 = d.spelled(p2, r);
                    int offset = d.integer(-3, 3);
                    return new OpCase("diagonal offset " + offset + " axes " + axis1 + ", " + axis2 + " of " + s,
                            List.of(Arg.of("x", d.tensor(s, Domain.REAL)).batchedIf(batched)),
                            in -> in.get(0).diagonal(offset, axis1, axis2));
                }), LINEAR, SECOND_ORDER).asComposition(),
                LibraryOpSpecs.one("diagEmbed", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int r = s.rank() + 1;
                    int p1 = d.integer(0, r - 1);
                    int p2 = (p1 + d.integer(1, r - 1)) % r;
                    int axis1 = d.spelled(p1, r);
                    int axis2 = d.spelled(p2, r);
                    int offset = d.integer(-2, 2);
                    return new Built("diagEmbed offset " + offset + " axes " + axis1 + ", " + axis2,
                            x -> x.diagEmbed(offset, axis1, axis2), s.rank() > 1 && p1 != 0 && p2 != 0);
                }, LINEAR, SECOND_ORDER).asComposition(),
                OpSpec.of("meshgrid", Draw.cases(d -> {
                    int k = d.integer(1, 3);
                    Assembly.Indexing indexing = d.oneOf(Assembly.Indexing.values());
                    List<Arg> args = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        Shape s = d.shape(0, 1);
                        args.add(Arg.of(String.valueOf((char) ('a' + i)), d.tensor(s, Domain.REAL))
                                .batchedIf(i == 0 && s.rank() == 1)); // N as the first vector's length
                    }
                    int part = d.integer(0, k - 1);
                    return new OpCase("meshgrid " + indexing + " of " + k + ", part " + part, args,
                            in -> Assembly.meshgrid(indexing, in).get(part));
                }), LINEAR, SECOND_ORDER).asComposition(),
                LibraryOpSpecs.one("squeeze every size-1 axis", 0, Domain.REAL, false, false, (d, s, at, axis) ->
                        new Built("squeeze", Node::squeeze, s.rank() > 0 && s.dim(0) != 1),
                        LINEAR, SECOND_ORDER).asComposition());
    }
}
