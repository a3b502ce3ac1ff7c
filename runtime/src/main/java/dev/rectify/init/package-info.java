/**
 * Seeded weight initialisation (He, Xavier/Glorot, LeCun, PyTorch's default), following PyTorch's
 * formulas so that results compare with published ones.
 *
 * @see dev.rectify.init.Init
 */
package dev.rectify.init;
