/**
 * Small helpers for the runtime's file handling (checkpoints, data files): one-line reasons for I/O
 * failures.
 *
 * @see dev.rectify.io.IoReasons
 */
package dev.rectify.io;
