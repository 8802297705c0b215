package dev.jgan.tensor.kernels;

/**
 * For every kernel tap (kh, kw), the output positions it reaches from a real (unpadded) input
 * position, as pairs of offsets into channels-last rows: the output position times the output
 * gradient's row width, and the input position times the input's channels. The weight gradient
 * of that tap sums over exactly these pairs.
 */
final class TapPositions {
    /** Pairs of tap k are {@code pairs[2 t], pairs[2 t + 1]} for t in [start[k], start[k + 1]). */
    final int[] start;
    final int[] pairs;

    private TapPositions(int[] start, int[] pairs) {
        this.start = start;
        this.pairs = pairs;
    }

    /** Output position (oh, ow) reads input (s oh - p + d kh, s ow - p + d kw) through tap (kh, kw). */
    static TapPositions of(ConvGeometry g, int dyWidth, int xDepth) {
        ConvSpec s = g.spec();
        int taps = s.kernelH() * s.kernelW();
        int[] start = new int[taps + 1];
        int[] pairs = new int[2 * taps * g.outPlane()];
        int n = 0;
        for (int kh = 0; kh < s.kernelH(); kh++) {
            for (int kw = 0; kw < s.kernelW(); kw++) {
                start[kh * s.kernelW() + kw] = n;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int ih = oh * s.strideH() - s.padH() + kh * s.dilationH();
                    if (ih < 0 || ih >= g.inH()) {
                        continue;
                    }
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int iw = ow * s.strideW() - s.padW() + kw * s.dilationW();
                        if (iw >= 0 && iw < g.inW()) {
                            pairs[2 * n] = (oh * g.outW() + ow) * dyWidth;
                            pairs[2 * n + 1] = (ih * g.inW() + iw) * xDepth;
                            n++;
                        }
                    }
                }
            }
        }
        start[taps] = n;
        return new TapPositions(start, pairs);
    }

    /** One list of every output position o: (o times the output gradient's row width, {@code inputs[o]}). */
    static TapPositions everyPosition(int dyWidth, int[] inputs) {
        int[] pairs = new int[2 * inputs.length];
        for (int o = 0; o < inputs.length; o++) {
            pairs[2 * o] = o * dyWidth;
            pairs[2 * o + 1] = inputs[o];
        }
        return new TapPositions(new int[] {0, inputs.length}, pairs);
    }

    int taps() {
        return start.length - 1;
    }
}
