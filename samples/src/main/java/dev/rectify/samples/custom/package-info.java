/**
 * A user's own activation, as a project outside Rectify would write it: one annotated interface
 * ({@link dev.rectify.samples.custom.Squareplus}), from which the processor generates {@code
 * SquareplusLayer} and registers it as {@code squareplus}, so that {@code rectify train -a
 * squareplus} and {@link dev.rectify.samples.custom.TrainSquareplus} train with it. The tests
 * beside it show how to check such a spec at compile time and its layer by finite differences.
 *
 * @see dev.rectify.samples.custom.Squareplus
 */
package dev.rectify.samples.custom;
