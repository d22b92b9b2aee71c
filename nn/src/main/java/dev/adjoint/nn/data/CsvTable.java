package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A CSV file's fields by column, from {@link CsvReader#table}: the text of a categorical column
 * ({@link #strings}, for a {@link StringLookup}) and the numbers of numeric ones ({@link #numbers},
 * {@link #matrix}), a field the reader declares missing being {@code null} or NaN. A field that is neither a
 * number nor missing where a number is asked for is reported with the source, line and column, as
 * {@link CsvReader} reports it.
 */
public final class CsvTable {

    private final CsvReader.Table table;

    CsvTable(CsvReader.Table table) {
        this.table = table;
    }

    /** The column names of the header line; a reader without header names them {@code "0"}, {@code "1"}, .... */
    public List<String> names() {
        if (table.names() != null) {
            return table.names();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < table.width(); j++) {
            names.add(String.valueOf(j));
        }
        return Collections.unmodifiableList(names);
    }

    /** The number of data rows. */
    public int rows() {
        return table.rows();
    }

    /**
     * A column's fields as written (trimmed), {@code null} where the reader declares a value missing.
     *
     * @throws IllegalArgumentException naming the columns when there is no such column
     */
    public List<String> strings(String column) {
        int j = index(column);
        List<String> values = new ArrayList<>(rows());
        for (int i = 0; i < rows(); i++) {
            values.add(table.text(i, j));
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * A column's numbers {@code [rows]} in float64, NaN where the reader declares a value missing.
     *
     * @throws IllegalArgumentException naming the line and column of a field that is not a number
     */
    public Tensor numbers(String column) {
        return matrix(column).reshape(Shape.of(rows()));
    }

    /**
     * The given columns' numbers as one float64 matrix {@code [rows, columns.length]}, in the order given.
     *
     * @throws IllegalArgumentException for an unknown column, none given, or a field that is not a number (named
     *     by line and column)
     */
    public Tensor matrix(String... columns) {
        Objects.requireNonNull(columns, "CsvTable.matrix: columns is null");
        if (columns.length == 0) {
            throw new IllegalArgumentException("CsvTable.matrix: expected at least one column, got none");
        }
        int[] index = new int[columns.length];
        for (int k = 0; k < columns.length; k++) {
            index[k] = index(columns[k]);
        }
        double[] values = new double[rows() * columns.length];
        for (int i = 0; i < rows(); i++) {
            for (int k = 0; k < columns.length; k++) {
                values[i * columns.length + k] = table.number(i, index[k]);
            }
        }
        return Tensor.of(Shape.of(rows(), columns.length), values);
    }

    private int index(String column) {
        Objects.requireNonNull(column, "CsvTable.index: column is null");
        int j = names().indexOf(column);
        if (j < 0) {
            if (table.names() != null) {
                table.column(column); // reports the unknown column with the source and the names
            }
            throw new IllegalArgumentException("csv: no column named '" + column + "', got columns " + names()
                    + " (a file without header names its columns by position)");
        }
        return j;
    }

    /** {@code csv table 442 rows [age_band, sex, ...]}. */
    @Override
    public String toString() {
        return "csv table " + rows() + " rows " + names();
    }
}
