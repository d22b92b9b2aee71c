package dev.adjoint.core.kernel;

/**
 * The operands of the filter gradient's product ({@code DirectConv.columns}), {@code T = Aᵀ·B} over many rows p,
 * packed a slice of rows at a time for the GEMM's micro-kernels: A in tiles of 6 columns ({@link Tiles}), B in
 * panels of the tile's width ({@link Panels}). Three kinds: a matrix at a row stride ({@link Strided}: ȳ, or
 * copied patches), patches through a table of tap offsets ({@link Tabled}) and patches of a zero-padded copy of
 * the input ({@link Padded}). Packing only copies, so the kind never changes a bit of the product.
 */
final class SliceOperands {

    private SliceOperands() {
    }

    /** An operand packed as the micro-kernel's A. */
    interface Tiles {
        /**
         * {@code ap[(i·kcs + p)·6 + r] = A[p0 + p, 6i + r]} for {@code i < rowTiles}, {@code p < kcs}: the slice's
         * rows in tiles of 6 columns, zero past the last column.
         */
        void tiles(int p0, int kcs, int rowTiles, Object ap);
    }

    /** An operand packed as the micro-kernel's B. */
    interface Panels {
        /**
         * {@code bp[p·nr + q] = B[p0 + p, col0 + q]} for {@code p < kcs}, {@code q < nr}: one panel of the slice's
         * rows, zero past the last column.
         */
        void panel(int p0, int kcs, int col0, int nr, Object bp);
    }

    /** {@code M[p, j] = m[mo + p·ld + j]} for {@code j < cols}. */
    static final class Strided implements Tiles, Panels {
        private final Object m;
        private final int mo;
        private final int ld;
        private final int cols;

        Strided(Object m, int mo, int ld, int cols) {
            this.m = m;
            this.mo = mo;
            this.ld = ld;
            this.cols = cols;
        }

        @Override
        public void tiles(int p0, int kcs, int rowTiles, Object ap) {
            int yo = mo + p0 * ld;
            if (m instanceof float[] ys) {
                float[] a = (float[]) ap;
                for (int i = 0; i < rowTiles; i++) {
                    int j0 = i * DirectConv.ROWS;
                    int at = i * kcs * DirectConv.ROWS;
                    if (j0 + DirectConv.ROWS <= cols) {
                        for (int p = 0, from = yo + j0; p < kcs; p++, from += ld, at += DirectConv.ROWS) {
                            a[at] = ys[from];
                            a[at + 1] = ys[from + 1];
                            a[at + 2] = ys[from + 2];
                            a[at + 3] = ys[from + 3];
                            a[at + 4] = ys[from + 4];
                            a[at + 5] = ys[from + 5];
                        }
                    } else {
                        for (int p = 0, from = yo + j0; p < kcs; p++, from += ld, at += DirectConv.ROWS) {
                            for (int r = 0; r < DirectConv.ROWS; r++) {
                                a[at + r] = j0 + r < cols ? ys[from + r] : 0f;
                            }
                        }
                    }
                }
            } else {
                double[] ys = (double[]) m;
                double[] a = (double[]) ap;
                for (int i = 0; i < rowTiles; i++) {
                    int j0 = i * DirectConv.ROWS;
                    int at = i * kcs * DirectConv.ROWS;
                    if (j0 + DirectConv.ROWS <= cols) {
                        for (int p = 0, from = yo + j0; p < kcs; p++, from += ld, at += DirectConv.ROWS) {
                            a[at] = ys[from];
                            a[at + 1] = ys[from + 1];
                            a[at + 2] = ys[from + 2];
                            a[at + 3] = ys[from + 3];
                            a[at + 4] = ys[from + 4];
                            a[at + 5] = ys[from + 5];
                        }
                    } else {
                        for (int p = 0, from = yo + j0; p < kcs; p++, from += ld, at += DirectConv.ROWS) {
                            for (int r = 0; r < DirectConv.ROWS; r++) {
                                a[at + r] = j0 + r < cols ? ys[from + r] : 0.0;
                            }
                        }
                    }
                }
            }
        }

        @Override
        public void panel(int p0, int kcs, int col0, int nr, Object bp) {
            int width = Math.max(0, Math.min(nr, cols - col0));
            for (int p = 0; p < kcs; p++) {
                System.arraycopy(m, mo + (p0 + p) * ld + col0, bp, p * nr, width);
                DirectConv.fillZero(bp, p * nr + width, nr - width);
            }
        }
    }

    /**
     * {@code M[p, t·chans + ch] = b[tab[p·taps + t] + ch]}, 0 where the entry is -1: patches through a table of
     * offsets, {@code taps·chans} columns.
     */
    static final class Tabled implements Panels {
        private final ConvTiles tiles;
        private final Object b;
        private final int[] tab;
        private final int taps;
        private final int chans;
        private final int[] run;

        Tabled(ConvTiles tiles, Object b, int[] tab, int taps, int chans, int maxWidth) {
            this.tiles = tiles;
            this.b = b;
            this.tab = tab;
            this.taps = taps;
            this.chans = chans;
            this.run = new int[3 * maxWidth];
        }

        /**
         * {@inheritDoc} A panel whose runs of channels are whole vectors and fill it (channels a multiple of the
         * vector, the common case) is copied in whole vectors ({@link ConvTiles#copyRuns}); others run by run.
         */
        @Override
        public void panel(int p0, int kcs, int col0, int nr, Object bp) {
            int runs = runs(col0, nr, taps * chans);
            int width = 0;
            boolean vectors = true;
            for (int r = 0; r < runs; r++) {
                width += run[3 * r + 2];
                vectors &= run[3 * r + 2] % tiles.lanes(b instanceof float[]) == 0;
            }
            if (vectors && width == nr) {
                if (b instanceof float[] x) {
                    tiles.copyRuns(x, tab, p0 * taps, taps, run, runs, kcs, (float[]) bp);
                } else {
                    tiles.copyRuns((double[]) b, tab, p0 * taps, taps, run, runs, kcs, (double[]) bp);
                }
                return;
            }
            for (int p = 0; p < kcs; p++) {
                int tb = (p0 + p) * taps;
                int q = p * nr;
                for (int r = 0; r < runs; r++) {
                    int len = run[3 * r + 2];
                    int o = tab[tb + run[3 * r]];
                    if (o < 0) {
                        DirectConv.fillZero(bp, q, len);
                    } else {
                        System.arraycopy(b, o + run[3 * r + 1], bp, q, len);
                    }
                    q += len;
                }
                DirectConv.fillZero(bp, q, nr - width);
            }
        }

        /**
         * Splits the columns {@code [col0, col0 + nr)} (column {@code t·chans + ch}) into runs within one tap:
         * {@code run[3i..3i+2] = (tap, first channel, length)}; columns at or past {@code kk} are left out.
         */
        private int runs(int col0, int nr, int kk) {
            int runs = 0;
            for (int col = col0; col < Math.min(kk, col0 + nr); runs++) {
                int ch = col % chans;
                int len = Math.min(chans - ch, Math.min(kk, col0 + nr) - col);
                run[3 * runs] = col / chans;
                run[3 * runs + 1] = ch;
                run[3 * runs + 2] = len;
                col += len;
            }
            return runs;
        }
    }

    /**
     * {@code M[p, (t, c)] = xp[base(r0 + p) + delta(t, c)]}: the patches of rows {@code r0 + p} of a padded
     * source ({@link PaddedPatches}), the channels {@code [chanOffset, chanOffset + chans)} of each tap.
     */
    static final class Padded implements Tiles, Panels {
        private final PaddedPatches src;
        private final int r0;
        private final int kk;
        private final int[] columns;
        private final int[] bases;
        private int basesOf = -1;
        private int nextRow;
        private PaddedPatches.Rows cursor;

        Padded(PaddedPatches src, int r0, int chanOffset, int chans, int maxSlice) {
            this.src = src;
            this.r0 = r0;
            this.kk = src.taps() * chans;
            this.columns = src.columns(chanOffset, chans, new int[kk]);
            this.bases = new int[maxSlice];
        }

        /** The bases of the slice of rows {@code [p0, p0 + kcs)}, computed once per slice. */
        private int[] bases(int p0, int kcs) {
            if (basesOf != p0) {
                if (cursor == null || p0 != nextRow) {
                    cursor = src.rows(r0 + p0);
                }
                cursor.next(kcs, bases);
                basesOf = p0;
                nextRow = p0 + kcs;
            }
            return bases;
        }

        @Override
        public void tiles(int p0, int kcs, int rowTiles, Object ap) {
            int[] base = bases(p0, kcs);
            if (src.data instanceof float[] xp) {
                float[] a = (float[]) ap;
                for (int i = 0, at = 0; i < rowTiles; i++) {
                    int j0 = i * DirectConv.ROWS;
                    if (j0 + DirectConv.ROWS <= kk) {
                        int c0 = columns[j0], c1 = columns[j0 + 1], c2 = columns[j0 + 2];
                        int c3 = columns[j0 + 3], c4 = columns[j0 + 4], c5 = columns[j0 + 5];
                        for (int p = 0; p < kcs; p++, at += DirectConv.ROWS) {
                            int b = base[p];
                            a[at] = xp[b + c0];
                            a[at + 1] = xp[b + c1];
                            a[at + 2] = xp[b + c2];
                            a[at + 3] = xp[b + c3];
                            a[at + 4] = xp[b + c4];
                            a[at + 5] = xp[b + c5];
                        }
                    } else {
                        for (int p = 0; p < kcs; p++, at += DirectConv.ROWS) {
                            for (int r = 0; r < DirectConv.ROWS; r++) {
                                a[at + r] = j0 + r < kk ? xp[base[p] + columns[j0 + r]] : 0f;
                            }
                        }
                    }
                }
            } else {
                double[] xp = (double[]) src.data;
                double[] a = (double[]) ap;
                for (int i = 0, at = 0; i < rowTiles; i++) {
                    int j0 = i * DirectConv.ROWS;
                    if (j0 + DirectConv.ROWS <= kk) {
                        int c0 = columns[j0], c1 = columns[j0 + 1], c2 = columns[j0 + 2];
                        int c3 = columns[j0 + 3], c4 = columns[j0 + 4], c5 = columns[j0 + 5];
                        for (int p = 0; p < kcs; p++, at += DirectConv.ROWS) {
                            int b = base[p];
                            a[at] = xp[b + c0];
                            a[at + 1] = xp[b + c1];
                            a[at + 2] = xp[b + c2];
                            a[at + 3] = xp[b + c3];
                            a[at + 4] = xp[b + c4];
                            a[at + 5] = xp[b + c5];
                        }
                    } else {
                        for (int p = 0; p < kcs; p++, at += DirectConv.ROWS) {
                            for (int r = 0; r < DirectConv.ROWS; r++) {
                                a[at + r] = j0 + r < kk ? xp[base[p] + columns[j0 + r]] : 0.0;
                            }
                        }
                    }
                }
            }
        }

        @Override
        public void panel(int p0, int kcs, int col0, int nr, Object bp) {
            int[] base = bases(p0, kcs);
            int width = Math.max(0, Math.min(nr, kk - col0));
            if (src.data instanceof float[] xp) {
                float[] b = (float[]) bp;
                for (int p = 0; p < kcs; p++) {
                    int from = base[p];
                    int at = p * nr;
                    for (int q = 0; q < width; q++) {
                        b[at + q] = xp[from + columns[col0 + q]];
                    }
                    java.util.Arrays.fill(b, at + width, at + nr, 0f);
                }
            } else {
                double[] xp = (double[]) src.data;
                double[] b = (double[]) bp;
                for (int p = 0; p < kcs; p++) {
                    int from = base[p];
                    int at = p * nr;
                    for (int q = 0; q < width; q++) {
                        b[at + q] = xp[from + columns[col0 + q]];
                    }
                    java.util.Arrays.fill(b, at + width, at + nr, 0.0);
                }
            }
        }
    }
}
