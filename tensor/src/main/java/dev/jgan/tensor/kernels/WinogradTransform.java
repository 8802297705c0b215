package dev.jgan.tensor.kernels;

/**
 * The transforms of one Winograd algorithm F(m x m, 3x3) for {@link WinogradConv}: an m x m output
 * tile from an (m + 2) x (m + 2) input tile d and a 3x3 kernel g as Y = A^T [(G g G^T) .* (B^T d B)] A.
 * Transformed tiles are stored with a channel's components together: {@code [channels][components][tiles]},
 * a tile's index running along each tile row.
 */
interface WinogradTransform {
    /** Output tile side m. */
    int tile();

    /** Components of a transformed tile, (m + 2)^2. */
    int components();

    /** Floats of the temporary area {@link #weights}, {@link #inputRow} and {@link #outputRow} need. */
    int temporary();

    /** u[co - first][ξ][ci] = (G g G^T)[ξ] with g kernel (co, ci) of w, for output channels [co0, co1). */
    void weights(WinogradKernels w, int cIn, int cOut, int co0, int co1, float[] u, int first, float[] temp);

    /**
     * Input rows [y0, y0 + rows) of one channel plane (h x w, row y at x[plane + y w]: only rows
     * inside the image are read, so a buffer holding rows from y0 on may pass a negative plane) split
     * by column phase into {@code staged}: row s, phase q, index k holds x[y0 + s][m k + q - padW] at
     * [(m s + q) ld + k] for k < ld, zero outside the image.
     */
    void stageRows(float[] x, int plane, int h, int w, int y0, int rows, int padW, float[] staged, int ld);

    /**
     * V = B^T d B for the {@code tiles} tiles of one tile row whose input rows start at staged row s0;
     * component ξ of tile tw goes to v[at + ξ stride + tw].
     */
    void inputRow(float[] staged, int ld, int s0, int tiles, float[] v, int at, int stride, float[] temp);

    /**
     * The first {@code rows} output rows of one tile row of one channel, starting at y[row] (rows outW apart),
     * from the products m[at + ξ stride + tw]: Y = A^T m A + bias.
     */
    void outputRow(float[] m, int at, int stride, int tiles, float bias, float[] y, int row, int outW, int rows,
                   float[] temp);
}
