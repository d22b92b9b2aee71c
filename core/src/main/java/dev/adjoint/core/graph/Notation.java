package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an op reads in mathematical notation: the vocabulary an op declares with {@link Op#notation} and the math
 * printer ({@code dev.adjoint.core.print.MathPrinter}) writes, as plain text (Unicode) or LaTeX. A notation says
 * which operands it shows and where; how tightly it binds, loosest first {@link #SUM}, {@link #REDUCTION},
 * {@link #PRODUCT}, {@link #POWER}, {@link #POSTFIX}, {@link #ATOM}, decides the parentheses around operands.
 *
 * <p>Every op reads as a function call by default, {@code name(a, b)}, with parameters in its name as a subscript
 * ({@code leakyRelu(0.01)} prints {@code leakyRelu_{0.01}(x)}). The textbook ops declare their own:
 * <ul>
 *   <li>{@code a + b}, {@code a − b}, {@code −a}; {@code a / b}, a fraction in LaTeX;</li>
 *   <li>{@code a ⊙ b} for the elementwise product of two tensors, {@code c·a} when a factor is a scalar
 *       (broadcast, or of size 1), {@code a²} for {@code a ⊙ a}; {@code a·b} for the matrix product, so that
 *       scalars and matrices multiply with one symbol, as in {@code λ·W} and {@code a1ᵀ·dz2};</li>
 *   <li>{@code aᵀ} for a transpose of the last two axes; {@code a²}, {@code a^b}, {@code e^a}, {@code √a},
 *       {@code |a|}; {@code σ(a)} for the sigmoid; LaTeX's own {@code 	anh}, {@code \log}, {@code \max}, ... for
 *       functions it knows;</li>
 *   <li>a comparison as its Iverson bracket {@code [a > b]} (it computes 1 or 0), {@code where} as cases
 *       {@code {a if c > 0; b otherwise}};</li>
 *   <li>{@code Σ_N a} for a sum over the batch axis, {@code Σ_1 a} over axis 1, {@code Σ a} over all axes
 *       ({@code max}, {@code min}, {@code logSumExp} alike), the number of elements a mean divides by as
 *       {@code N} or {@code 4N};</li>
 *   <li>inputs by their labels, constants and fills as numbers (a small constant tensor inline);</li>
 *   <li>broadcasting, and reshapes that only add or drop axes of size 1, not at all ({@link Hidden}), as in the
 *       textbook's {@code x·W + b}: the sum that undoes a broadcast in a gradient shows as {@code Σ_N}.</li>
 * </ul>
 */
public sealed interface Notation {

    /** Sums and differences, {@code a + b}, {@code a − b}, and the prefix minus: the loosest binding. */
    int SUM = 1;
    /** A reduction {@code Σ_N a}: its operand is a power or tighter; inside a product it takes parentheses. */
    int REDUCTION = 2;
    /** Products and quotients, {@code a ⊙ b}, {@code a·b}, {@code a / b}. */
    int PRODUCT = 3;
    /** Powers {@code a²}, {@code e^a}, roots. */
    int POWER = 4;
    /** Postfix operators and indexing, {@code aᵀ}, {@code a[0:2]}. */
    int POSTFIX = 5;
    /** Names, numbers, calls, brackets: never parenthesized. */
    int ATOM = 6;

    /** The plain-text form of the scalar product and the matrix product. */
    Symbol DOT = new Symbol("·", "\\cdot");

    /**
     * A token in both forms, e.g. {@code ⊙} and {@code \odot}. An infix operator's text carries its spacing
     * ({@code " + "}, but {@code "·"}).
     */
    record Symbol(String text, String latex) {
        /** Validates the forms. */
        public Symbol {
            Objects.requireNonNull(text, "text is null");
            Objects.requireNonNull(latex, "latex is null");
        }

        /**
         * A variable's name: the text as given; in LaTeX trailing digits become a subscript ({@code W1} is
         * {@code W_{1}}), Greek letter names their letter ({@code lambda} is {@code \lambda}), longer names
         * upright, other characters escaped; control characters and line breaks, in both forms, as their Java
         * escapes ({@link #printable}), so that a label never spans lines.
         */
        public static Symbol name(String label) {
            Objects.requireNonNull(label, "label is null");
            int letters = 0;
            while (letters < label.length() && isLetter(label.charAt(letters))) {
                letters++;
            }
            int digitsFrom = letters < label.length() && label.charAt(letters) == '_' ? letters + 1 : letters;
            boolean digits = digitsFrom < label.length() || digitsFrom == letters;
            for (int i = digitsFrom; i < label.length(); i++) {
                digits &= label.charAt(i) >= '0' && label.charAt(i) <= '9';
            }
            if (letters == 0 || !digits) {
                return new Symbol(printable(label), "\\text{" + escape(label) + "}");
            }
            String word = label.substring(0, letters);
            String base = isGreek(word) ? "\\" + word : letters <= 2 ? word : "\\mathrm{" + word + "}";
            return new Symbol(label, digitsFrom == label.length() ? base
                    : base + "_{" + label.substring(digitsFrom) + "}");
        }

        private static boolean isLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        /** A function's name: LaTeX's own operator where it has one ({@code \tanh}), else an operator name. */
        public static Symbol function(String name) {
            Objects.requireNonNull(name, "name is null");
            return new Symbol(name, isLatexFunction(name) ? "\\" + name : "\\operatorname{" + escape(name) + "}");
        }

        /** Greek letters spelled out, written as letters in LaTeX. */
        private static boolean isGreek(String word) {
            return switch (word) {
                case "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "kappa", "lambda", "mu", "nu",
                        "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
                        "Lambda", "Pi", "Sigma", "Phi", "Psi", "Omega" -> true;
                default -> false;
            };
        }

        /** Functions LaTeX typesets itself. */
        private static boolean isLatexFunction(String name) {
            return switch (name) {
                case "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos",
                        "arctan", "log", "ln", "lg", "exp", "max", "min", "det", "sup", "inf", "arg", "gcd" -> true;
                default -> false;
            };
        }
    }

    /**
     * {@code text} with LaTeX's special characters escaped, and control characters and line breaks as the
     * visible escapes of {@link #printable} ({@code \textbackslash{}n}): a line break inside {@code \text{}}
     * would end a paragraph there, which LaTeX refuses.
     */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : printable(text).toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\textbackslash{}");
                case '^' -> sb.append("\\textasciicircum{}");
                case '~' -> sb.append("\\textasciitilde{}");
                case '#', '$', '%', '&', '_', '{', '}' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * {@code text} on one line: each control character, line or paragraph separator and unpaired surrogate as its
     * Java escape ({@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \f}, else {@code \}{@code u} and four hex
     * digits), every other character as it is. Printers show labels through it, so that a node or an equation stays
     * one line, as {@code MathPrinter.named} requires of the names it is given.
     */
    static String printable(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean visible = !Character.isISOControl(c) && Character.getType(c) != Character.LINE_SEPARATOR
                    && Character.getType(c) != Character.PARAGRAPH_SEPARATOR
                    && (!Character.isSurrogate(c) || paired);
            if (visible) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * {@code label} as a Java string literal: in double quotes, with quotes and backslashes escaped
     * ({@code "a\"b"}) and control characters and line breaks as their escapes ({@code "par\n\nagraph"}), so
     * that a label reads unambiguously and its node stays on one line: how the graph printer, a node's
     * {@code toString} and a plan's listing show an input's label.
     */
    static String quote(String label) {
        Objects.requireNonNull(label, "label is null");
        return '"' + printable(label.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    /** A name: an input's label, {@code N}, a small constant tensor. */
    record Name(Symbol symbol) implements Notation {
    }

    /**
     * A number, e.g. a constant or fill, as written: {@code 4}, {@code 0.5}, {@code −1}, {@code 1e−12} (see
     * {@link #number(double, DType)}).
     */
    record Number(double value) implements Notation {
    }

    /** {@code f(a, b, ...)}, or {@code f_{sub}(a, ...)} with a non-empty subscript (the op's parameters). */
    record Call(Symbol function, String subscript) implements Notation {
    }

    /**
     * {@code a ∘ b} at a precedence, left-associative: {@code a − b − c} is {@code (a − b) − c}. Operators of one
     * precedence mix without parentheses only at {@link #SUM} ({@code a − b + c}); {@code (a·b) ⊙ c} keeps them.
     */
    record Infix(Symbol operator, int precedence) implements Notation {
    }

    /**
     * {@code −a}: binds as a {@link #SUM}, so {@code −a·b} is {@code −(a·b)} and {@code a + (−b)} keeps its
     * parentheses.
     */
    record Prefix(Symbol operator) implements Notation {
    }

    /** {@code aᵀ}, {@code a[0:2]}: applies to an atom. */
    record Postfix(Symbol operator) implements Notation {
    }

    /** {@code a / b} in text, {@code \frac{a}{b}} in LaTeX. */
    record Fraction() implements Notation {
    }

    /**
     * A power: {@code base} or operand 0, raised to {@code exponent} or the next operand: {@code a²} (exponent 2),
     * {@code e^a} (base e), {@code a^b}.
     */
    record Power(Symbol base, Symbol exponent) implements Notation {
    }

    /** {@code √a}, {@code \sqrt{a}}. */
    record Root() implements Notation {
    }

    /** The operand between delimiters, e.g. {@code |a|}. */
    record Enclosed(Symbol open, Symbol close) implements Notation {
    }

    /** A comparison as its Iverson bracket {@code [a > b]} (1 where it holds, else 0); bare as a condition. */
    record Relation(Symbol relation) implements Notation {
    }

    /** {@code Σ_N a}: a reduction over the axes named by the subscript (none: over all axes). */
    record Reduction(Symbol operator, String subscript) implements Notation {
    }

    /** {@code where(c, a, b)} as cases: {@code {a if c; b otherwise}}. */
    record Cases() implements Notation {
    }

    /** Indexing along an axis by operand 1: {@code a[i]}, {@code a[:, i]}. */
    record Index(int axis) implements Notation {
    }

    /** Not shown: the node reads as its operand 0 (broadcasting, reshapes that only add or drop axes of size 1). */
    record Hidden() implements Notation {
    }

    // ---- the notations of the textbook ops, shared constants and the factories their records call ----

    /** {@code a + b}. */
    Notation PLUS = new Infix(new Symbol(" + ", "+"), SUM);
    /** {@code a − b}. */
    Notation MINUS = new Infix(new Symbol(" − ", "-"), SUM);
    /** {@code −a}. */
    Notation NEGATION = new Prefix(new Symbol("−", "-"));
    /** {@code a·b}: the matrix product. */
    Notation MATRIX_PRODUCT = new Infix(DOT, PRODUCT);
    /** {@code e^a}. */
    Notation EXPONENTIAL = new Power(new Symbol("e", "e"), null);
    /** {@code aᵀ}. */
    Notation TRANSPOSE = new Postfix(new Symbol("ᵀ", "^{\\top}"));
    /** {@code a / b}. */
    Notation QUOTIENT = new Fraction();
    /** {@code a^b}. */
    Notation EXPONENTIATION = new Power(null, null);
    /** {@code √a}. */
    Notation SQUARE_ROOT = new Root();
    /** {@code |a|}. */
    Notation ABSOLUTE = new Enclosed(new Symbol("|", "\\left\\lvert "), new Symbol("|", " \\right\\rvert"));
    /** {@code σ(a)}, the logistic sigmoid. */
    Notation SIGMOID = new Call(new Symbol("σ", "\\sigma"), "");
    /** {@code {a if c; b otherwise}}. */
    Notation CASES = new Cases();
    /** Not shown. */
    Notation HIDDEN = new Hidden();

    /**
     * The default: the call {@code name(a, ...)}, a parameter list ending the name, {@code (…)} or {@code […]},
     * becoming a subscript.
     */
    static Notation call(String name) {
        int open = 0;
        while (open < name.length() && name.charAt(open) != '(' && name.charAt(open) != '[') {
            open++;
        }
        String function = name.substring(0, open);
        String parameters = name.substring(open);
        boolean parenthesized = parameters.startsWith("(") && parameters.endsWith(")")
                && parameters.indexOf('(', 1) < 0 && parameters.indexOf(')') == parameters.length() - 1;
        if (function.isEmpty() || !(parenthesized || parameters.startsWith("[") && parameters.endsWith("]"))) {
            return new Call(Symbol.function(name), "");
        }
        return new Call(Symbol.function(function), parenthesized
                ? parameters.substring(1, parameters.length() - 1) : parameters);
    }

    /** {@code a ⊙ b}, or {@code a·b} when a factor is a scalar (broadcast), or {@code a²} for {@code a ⊙ a}. */
    static Notation product(List<Node> factors) {
        if (factors.get(0) == factors.get(1)) {
            return new Power(null, new Symbol("2", "2"));
        }
        return isScalar(factors.get(0)) || isScalar(factors.get(1)) ? new Infix(DOT, PRODUCT)
                : new Infix(new Symbol(" ⊙ ", "\\odot"), PRODUCT);
    }

    private static boolean isScalar(Node x) {
        while (x.op() instanceof MovementOp.BroadcastTo) {
            x = x.inputs().get(0);
        }
        for (int d : x.shape().dims()) {
            if (d != 1) {
                return false;
            }
        }
        return true;
    }

    /** The Iverson bracket of a comparison: {@code [a > b]}, {@code [a ≤ b]}, ... */
    static Notation comparison(BinaryOp.Compare.Kind kind) {
        String[] forms = switch (kind) {
            case GREATER -> new String[] {">", ">"};
            case GREATER_EQUAL -> new String[] {"≥", "\\geq"};
            case LESS -> new String[] {"<", "<"};
            case LESS_EQUAL -> new String[] {"≤", "\\leq"};
            case EQUAL -> new String[] {"=", "="};
            case NOT_EQUAL -> new String[] {"≠", "\\neq"};
            default -> new String[] {kind.name().toLowerCase(java.util.Locale.ROOT),
                    "\\mathrel{\\operatorname{" + escape(kind.name().toLowerCase(java.util.Locale.ROOT)) + "}}"};
        };
        return new Relation(new Symbol(" " + forms[0] + " ", forms[1]));
    }

    /** {@code a^p} for a constant exponent: {@code a²}. */
    static Notation power(double p) {
        return new Power(null, new Symbol(digits(p), digits(p).replace('−', '-')));
    }

    /** A number of a dtype as written: a float32 in the fewest digits that give back the float ({@code 0.1}). */
    static Notation number(double value, DType dtype) {
        return new Number(dtype == DType.FLOAT32 && Double.isFinite(value)
                ? Double.parseDouble(Float.toString((float) value)) : value);
    }

    /**
     * A constant: a number when it holds one element, a small vector or matrix inline (each element written as
     * a {@link Number} is), else, and when it is empty, its type ({@code ⟨f64[0, 3]⟩}).
     */
    static Notation constant(Tensor value) {
        if (value.size() == 1) {
            return number(value.flat(0), value.dtype());
        }
        int rank = value.shape().rank();
        if (rank > 2 || value.size() > 12 || value.size() == 0) {
            return new Name(new Symbol("⟨" + value.dtype().shortName() + value.shape() + "⟩",
                    "\\langle\\text{" + value.dtype().shortName() + value.shape() + "}\\rangle"));
        }
        int columns = value.shape().dim(rank - 1);
        StringBuilder text = new StringBuilder(rank == 2 ? "[" : "");
        StringBuilder latex = new StringBuilder("\\begin{bmatrix}");
        for (int i = 0; i < value.size(); i++) {
            boolean rowStart = i % columns == 0;
            double element = ((Number) number(value.flat(i), value.dtype())).value();
            text.append(i == 0 ? "" : rowStart ? "], " : ", ").append(rowStart ? "[" : "").append(numberText(element));
            latex.append(i == 0 ? "" : rowStart ? " \\\\ " : " & ").append(numberLatex(element));
        }
        return new Name(new Symbol(text.append(rank == 2 ? "]]" : "]").toString(),
                latex.append("\\end{bmatrix}").toString()));
    }

    /** A number as text: {@code −1}, {@code 0.5}, {@code 1e−12}, {@code ∞}, {@code NaN}. */
    static String numberText(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value < 0 ? "−∞" : "∞";
        }
        return digits(value);
    }

    /** A number in LaTeX: {@code -1}, {@code 0.5}, {@code 10^{-12}}, {@code 2.5 \cdot 10^{-12}}, {@code \infty}. */
    static String numberLatex(double value) {
        if (Double.isNaN(value)) {
            return "\\mathrm{NaN}";
        }
        if (Double.isInfinite(value)) {
            return value < 0 ? "-\\infty" : "\\infty";
        }
        String latex = digits(value).replace('−', '-');
        int e = latex.indexOf('e');
        if (e < 0) {
            return latex;
        }
        String mantissa = latex.substring(0, e);
        String power = "10^{" + latex.substring(e + 1) + "}";
        return mantissa.equals("1") ? power : mantissa.equals("-1") ? "-" + power : mantissa + " \\cdot " + power;
    }

    /** {@code value} in the fewest digits that give it back, in text: {@code 4}, {@code 0.1}, {@code −2.5e−12}. */
    static String digits(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (value < 0 ? "−" : "") + (long) Math.abs(value);
        }
        return Double.toString(value).replace("-", "−").replace(".0E", "E").replace('E', 'e');
    }

    /**
     * The reduction {@code function} ({@code Σ} for {@code sum}) over {@code axes} of {@code x}: no subscript for
     * all axes, {@code N} for the batch axis, else the axis number.
     */
    static Notation reduction(String function, List<Integer> axes, Node x) {
        Symbol operator = function.equals("sum") ? new Symbol("Σ", "\\sum") : Symbol.function(function);
        if (axes.size() == x.rank()) {
            return new Reduction(operator, "");
        }
        List<String> labels = new ArrayList<>();
        for (int axis : axes) {
            labels.add(x.shape().dim(axis) == Shape.BATCH ? "N" : Integer.toString(axis));
        }
        return new Reduction(operator, String.join(",", labels));
    }

    /** The number of elements over {@code axes} of {@code x}, with the batch dimension as {@code N}: {@code 4N}. */
    static Notation count(List<Integer> axes, Node x) {
        long concrete = 1;
        int batch = 0;
        for (int axis : axes) {
            int d = x.shape().dim(axis);
            batch += d == Shape.BATCH ? 1 : 0;
            concrete *= d == Shape.BATCH ? 1 : d;
        }
        String n = (concrete == 1 && batch > 0 ? "" : Long.toString(concrete)) + "N".repeat(batch);
        return batch == 0 ? new Number(concrete) : new Name(new Symbol(n, n));
    }

    /** Hidden when {@code from} and {@code to} differ only in axes of size 1, else {@code reshape_{to}(a)}. */
    static Notation reshape(Shape from, Shape to) {
        return withoutOnes(from).equals(withoutOnes(to)) ? new Hidden() : new Call(Symbol.function("reshape"),
                to.toString());
    }

    private static List<Integer> withoutOnes(Shape shape) {
        List<Integer> dims = new ArrayList<>();
        for (int d : shape.dims()) {
            if (d != 1) {
                dims.add(d);
            }
        }
        return dims;
    }

    /** {@code aᵀ} for a permutation that swaps the last two axes, else {@code permute_{perm}(a)}. */
    static Notation permute(List<Integer> perm) {
        int n = perm.size();
        boolean transpose = n >= 2 && perm.get(n - 1) == n - 2 && perm.get(n - 2) == n - 1;
        for (int a = 0; transpose && a < n - 2; a++) {
            transpose = perm.get(a) == a;
        }
        return transpose ? TRANSPOSE : new Call(Symbol.function("permute"), perm.toString());
    }

    /** {@code a[1:3, :]}: the window of a slice, {@code :} for a whole axis. */
    static Notation slice(List<Integer> starts, List<Integer> ends, Shape of) {
        List<String> ranges = new ArrayList<>();
        for (int a = 0; a < starts.size(); a++) {
            boolean toEnd = ends.get(a) >= of.dim(a);
            ranges.add(starts.get(a) == 0 && toEnd ? ":" : starts.get(a) + ":" + (toEnd ? "" : ends.get(a)));
        }
        String window = "[" + String.join(", ", ranges) + "]";
        return new Postfix(new Symbol(window, window));
    }
}
