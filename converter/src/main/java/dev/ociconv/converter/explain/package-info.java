/**
 * {@code ociconv explain} and {@code inspect --tree}: why a {@code docker save} archive's layer
 * directories are named as they are (diffID, ChainID, Docker's v1 JSON and its sha256), and how
 * two archives name the same layer content.
 */
package dev.ociconv.converter.explain;
