/*
 * suggest.h - the nearest names to a mistyped one ("did you mean --mode?").
 * Pure functions, no allocation beyond the stack, nothing from libtextfeat:
 * the front command links this file alone.
 */
#ifndef TXF_SUGGEST_H
#define TXF_SUGGEST_H

#include <stddef.h>

/**
 * The optimal-string-alignment distance between a[0..an) and b[0..bn):
 * insertions, deletions, substitutions and swaps of two adjacent bytes
 * each cost 1.  Strings longer than 64 bytes compare as far apart
 * (returns SIZE_MAX).
 */
size_t cli_distance(const char *a, size_t an, const char *b, size_t bn);

/**
 * Which of names[0..n) word[0..wn) was probably meant: those at the
 * smallest distance, if it is small for the word's length (1 up to 4
 * bytes, 2 up to 8, else 3); a name the word begins with (three bytes or
 * more, "--output-file" for "--output") or that begins with the word
 * counts as distance 1.  Writes up to max indices, in the order of names,
 * to out and returns how many.
 */
size_t cli_nearest(const char *word, size_t wn, const char *const *names,
                   size_t n, size_t *out, size_t max);

/**
 * Write "--a", "--a or --b", "--a, --b or --c" for names[idx[0..k)],
 * each between before and after, into buf (always NUL-terminated).
 */
void cli_list_names(char *buf, size_t size, const char *before,
                    const char *after, const char *const *names,
                    const size_t *idx, size_t k);

#endif /* TXF_SUGGEST_H */
