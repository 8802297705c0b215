/**
 * Reverse-mode automatic differentiation.
 *
 * <p>A {@link dev.jgan.nn.autograd.Var} holds a tensor; an op computes its output with the
 * tensor kernels and, right beside it, the closure that turns the output's gradient into
 * its inputs' gradients (the math is a one-line comment above each closure).
 * {@link dev.jgan.nn.autograd.Var#backward()} runs those closures from the loss back, in
 * reverse topological order, adding up the contributions to a value used more than once,
 * and frees the graph. The graph links {@code Node}s, not Vars: a closure holds its inputs'
 * nodes and only the tensors its math needs, so an intermediate no backward needs is not
 * kept alive by the graph. {@link dev.jgan.nn.autograd.Grad#off()}
 * turns recording off; {@code -Djgan.profile=true} times every op
 * ({@link dev.jgan.nn.autograd.Profiler}). With a {@link dev.jgan.nn.autograd.BufferPool} in
 * use, ops take their tensors from it and backward() gives them back, so a training step that
 * repeats its shapes allocates no new tensors (the pool's documentation states who owns what).
 *
 * <p>Every differentiable op, by family ("=" marks ops composed from others):
 * <ul>
 *   <li>{@link dev.jgan.nn.autograd.Pointwise}: add, sub, mul, scale, scaleBy, addScalar,
 *       neg (= scale), relu, leakyRelu, tanh, sigmoid, exp, log
 *   <li>{@link dev.jgan.nn.autograd.LinearAlgebra}: matmul, bmm, linear
 *   <li>{@link dev.jgan.nn.autograd.Convolution}: conv2d, convTranspose2d
 *   <li>{@link dev.jgan.nn.autograd.Normalization}: batchNormTrain, batchNormEval,
 *       channelAffine, sampleChannelAffine (= reshape, channelAffine), spectralNormalise, softmax
 *   <li>{@link dev.jgan.nn.autograd.Spatial}: maxPool2x2, upsampleNearest2x
 *   <li>{@link dev.jgan.nn.autograd.ShapeOps}: reshape, flatten (= reshape), concatChannels, sliceChannels
 *   <li>{@link dev.jgan.nn.autograd.Reduction}: sum, mean
 *   <li>{@link dev.jgan.nn.autograd.Loss}: bceWithLogits, crossEntropy, mse
 * </ul>
 */
package dev.jgan.nn.autograd;
